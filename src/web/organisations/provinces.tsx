import type { Province } from '../../core/geo/provinces.ts';
import type { Lang } from '../../core/i18n/index.ts';
import { api } from '../api/fieldlab.ts';
import { useLang } from '../shell/i18n.tsx';
import { SelectField, type Option } from '../ui/form.tsx';
import { errorText } from '../ui/status.tsx';
import { useResource, type Resource } from '../ui/use-resource.ts';

let cached: Promise<Province[]> | undefined;

/** The provinces from the server, fetched once per visit. */
export function useProvinces(): Resource<Province[]> {
  return useResource(() => {
    cached ??= api.provinces().catch((err: unknown) => {
      cached = undefined;
      throw err;
    });
    return cached;
  }, []);
}

/** Alphabetical in the language shown (Vietnamese collation puts "Đ" after "D"), easier to find than the legal order. */
export function provinceOptions(provinces: readonly Province[], lang: Lang): Option[] {
  const collator = new Intl.Collator(lang);
  return provinces.map((p) => ({ value: p.id, label: p.name[lang] })).sort((a, b) => collator.compare(a.label, b.label));
}

export function provinceName(provinces: readonly Province[] | undefined, id: string | null, lang: Lang): string {
  if (!id) return '';
  return provinces?.find((p) => p.id === id)?.name[lang] ?? id;
}

/** The province of an organisation (optional: "not chosen") or of a site (required). */
export function ProvinceField(props: { value: string; onValue(value: string): void; optional?: boolean; error?: string }) {
  const { t, lang } = useLang();
  const provinces = useProvinces();
  return (
    <SelectField
      name="provinceId"
      label={t('organisations.province')}
      value={props.value}
      onValue={props.onValue}
      placeholder={!provinces.data ? t('app.loading') : props.optional ? t('organisations.noProvince') : t('app.choose')}
      options={provinces.data ? provinceOptions(provinces.data, lang) : []}
      error={props.error ?? (provinces.error !== undefined ? errorText(provinces.error, t) : undefined)}
    />
  );
}
