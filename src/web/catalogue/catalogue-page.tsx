import { useState } from 'preact/hooks';
import { CATALOGUE_KINDS, type CatalogueItem } from '../../core/catalogue/schema.ts';
import { api } from '../api/fieldlab.ts';
import { canIn } from '../shell/access.ts';
import { useLang } from '../shell/i18n.tsx';
import { Link } from '../shell/router.tsx';
import { useMe } from '../shell/session.tsx';
import { FormError, useSubmit } from '../ui/form.tsx';
import { NotAllowedPage, Page } from '../ui/page.tsx';
import { ErrorMessage, Loading, Notice } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { useOrganisationName } from '../organisations/use-organisation.ts';

/** Sorted as workers see them: by category, then name in the language shown. */
function sorted(items: readonly CatalogueItem[], lang: 'vi' | 'en'): CatalogueItem[] {
  const collator = new Intl.Collator(lang);
  const name = (i: CatalogueItem) => (lang === 'vi' ? i.nameVi : i.nameEn);
  return [...items].sort((a, b) => Number(b.active) - Number(a.active) || a.category.localeCompare(b.category) || collator.compare(name(a), name(b)));
}

/**
 * The organisation's commodities and IEC materials (issue #3, point 5), kept by managers online.
 * Workers' phones pull it with their next sync.
 */
export function CataloguePage({ orgId }: { orgId: string }) {
  const { t, lang } = useLang();
  const me = useMe();
  const orgName = useOrganisationName(orgId);
  const items = useResource(() => api.catalogue(orgId), [orgId]);
  const [added, setAdded] = useState<number | null>(null);
  const starter = useSubmit();
  const back = { href: `/organisations/${orgId}`, label: orgName ?? t('organisations.one') };
  if (!canIn(me, 'catalogue.manage', orgId)) return <NotAllowedPage title={t('catalogue.title')} back={back} />;

  const addStarter = () =>
    void starter.run(async () => {
      const result = await api.addStarterCatalogue(orgId);
      setAdded(result.added);
      items.reload();
    });

  return (
    <Page title={t('catalogue.title')} back={back} wide>
      <p class="lead">{t('catalogue.intro')}</p>
      {added !== null && <Notice tone="success">{added > 0 ? t('catalogue.starterAdded', { count: added }) : t('catalogue.starterNone')}</Notice>}
      <FormError error={starter.error} />
      <div class="button-row">
        <Link class="button button-primary" href={`/organisations/${orgId}/catalogue/new`}>
          {t('catalogue.add')}
        </Link>
        <button type="button" class="button" disabled={starter.busy} onClick={addStarter}>
          {starter.busy ? t('app.saving') : t('catalogue.addStarter')}
        </button>
      </div>
      <p class="hint">{t('catalogue.starterHint')}</p>
      {items.loading && !items.data && <Loading />}
      {items.error !== undefined && <ErrorMessage error={items.error} onRetry={items.reload} />}
      {items.data?.length === 0 && <p>{t('catalogue.empty')}</p>}
      {items.data &&
        items.data.length > 0 &&
        CATALOGUE_KINDS.map((kind) => {
          const ofKind = sorted(
            items.data!.filter((i) => i.kind === kind),
            lang,
          );
          return (
            <section key={kind} aria-labelledby={`kind-${kind}`}>
              <h2 id={`kind-${kind}`}>{t(`catalogue.kinds.${kind}`)}</h2>
              {ofKind.length === 0 ? (
                <p class="hint">{t('catalogue.emptyKind')}</p>
              ) : (
                <ul class="list">
                  {ofKind.map((item) => (
                    <li key={item.id}>
                      <Link class={item.active ? 'list-item' : 'list-item list-item-retired'} href={`/organisations/${orgId}/catalogue/${item.id}`}>
                        <span class="list-title">
                          {lang === 'vi' ? item.nameVi : item.nameEn}
                          <span class="list-subtitle" lang={lang === 'vi' ? 'en' : 'vi'}>
                            {' '}
                            · {lang === 'vi' ? item.nameEn : item.nameVi}
                          </span>
                        </span>
                        <span class="list-meta">
                          {t(`catalogue.categories.${item.category}`)} · {t('catalogue.per', { unit: item.unit })}
                        </span>
                        {!item.active && <span class="badge badge-muted">{t('catalogue.retired')}</span>}
                      </Link>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          );
        })}
    </Page>
  );
}
