import type { ComponentChildren } from 'preact';
import { useLang } from '../shell/i18n.tsx';
import type { Option } from '../ui/form.tsx';
import { itemName, type CatalogueRow } from './format.ts';

/**
 * Controls for one-handed, fast field forms: chips that toggle (the whole chip is the target,
 * at least 48 px high) and steppers with large − and + buttons. Real checkboxes, radios and
 * inputs underneath, so screen readers and keyboards work as usual.
 */
export function ChipGroup(props: {
  name: string;
  legend: ComponentChildren;
  options: readonly Option[];
  /** One value (radio) or several (checkbox). */
  multiple: boolean;
  values: readonly string[];
  onValues(values: string[]): void;
  hint?: ComponentChildren;
  error?: string;
}) {
  const id = `field-${props.name}`;
  const described = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const toggle = (value: string, checked: boolean) => {
    if (!props.multiple) return checked && props.onValues([value]);
    const next = checked ? [...props.values.filter((v) => v !== value), value] : props.values.filter((v) => v !== value);
    props.onValues(next);
  };
  return (
    <fieldset id={id} class={props.error ? 'field chip-field field-invalid' : 'field chip-field'} aria-describedby={described}>
      <legend>{props.legend}</legend>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      <div class="chip-options">
        {props.options.map((o) => (
          <label class="chip-toggle" key={o.value}>
            <input
              type={props.multiple ? 'checkbox' : 'radio'}
              name={props.name}
              value={o.value}
              checked={props.values.includes(o.value)}
              onChange={(e) => toggle(o.value, e.currentTarget.checked)}
            />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      {props.error && (
        <p class="field-error" id={`${id}-error`} role="alert">
          {props.error}
        </p>
      )}
    </fieldset>
  );
}

/** A whole number from 0 up, with − and + on either side; the number itself can be typed too. */
export function Stepper(props: { id: string; label: string; value: number; onValue(value: number): void; max?: number; context?: string }) {
  const { t } = useLang();
  const max = props.max ?? 10_000;
  // The heading above says the context ("Male") to the eye; a screen reader hears it with each field.
  const full = props.context ? `${props.context} · ${props.label}` : props.label;
  const set = (n: number) => props.onValue(Math.max(0, Math.min(max, Math.trunc(n) || 0)));
  return (
    <div class={props.value > 0 ? 'stepper stepper-on' : 'stepper'}>
      <label for={props.id} class="stepper-label">
        {props.context && <span class="sr-only">{props.context} · </span>}
        {props.label}
      </label>
      <div class="stepper-controls">
        <button type="button" class="stepper-button" aria-label={t('field.less', { name: full })} disabled={props.value <= 0} onClick={() => set(props.value - 1)}>
          −
        </button>
        <input
          id={props.id}
          class="stepper-input"
          type="text"
          inputMode="numeric"
          autoComplete="off"
          value={String(props.value)}
          onFocus={(e) => e.currentTarget.select()}
          onInput={(e) => set(Number(e.currentTarget.value.replace(/\D/g, '')))}
        />
        <button type="button" class="stepper-button" aria-label={t('field.more', { name: full })} disabled={props.value >= max} onClick={() => set(props.value + 1)}>
          +
        </button>
      </div>
    </div>
  );
}

/** Quantities of catalogue items handed out, keyed by item id (0 = none). */
export type Quantities = Record<string, number>;

export function ItemSteppers(props: { name: string; legend: string; items: readonly CatalogueRow[]; quantities: Quantities; onQuantities(q: Quantities): void; error?: string; empty: string }) {
  const { lang } = useLang();
  return (
    <fieldset class={props.error ? 'field stepper-field field-invalid' : 'field stepper-field'}>
      <legend>{props.legend}</legend>
      {props.items.length === 0 && <p class="hint">{props.empty}</p>}
      {props.items.map((item) => (
        <Stepper
          key={item.id}
          id={`${props.name}-${item.id}`}
          label={`${itemName(item, lang)} (${item.unit})`}
          value={props.quantities[item.id] ?? 0}
          onValue={(n) => props.onQuantities({ ...props.quantities, [item.id]: n })}
        />
      ))}
      {props.error && (
        <p class="field-error" role="alert">
          {props.error}
        </p>
      )}
    </fieldset>
  );
}

export function toLines(q: Quantities): { itemId: string; quantity: number }[] {
  return Object.entries(q)
    .filter(([, n]) => n > 0)
    .map(([itemId, quantity]) => ({ itemId, quantity }));
}

export function fromLines(lines: readonly { itemId: string; quantity: number }[]): Quantities {
  return Object.fromEntries(lines.map((l) => [l.itemId, l.quantity]));
}

/**
 * Items in the order this worker uses them: the most handed out lately first, the rest in the
 * catalogue's order (by category, then name).
 */
export function itemsByHabit(items: readonly CatalogueRow[], recent: readonly { commodities: readonly { itemId: string }[]; iec: readonly { itemId: string }[] }[], lang: 'vi' | 'en'): CatalogueRow[] {
  const count = new Map<string, number>();
  for (const c of recent.slice(0, 30)) for (const l of [...c.commodities, ...c.iec]) count.set(l.itemId, (count.get(l.itemId) ?? 0) + 1);
  const collator = new Intl.Collator(lang);
  return [...items].sort(
    (a, b) => (count.get(b.id) ?? 0) - (count.get(a.id) ?? 0) || a.category.localeCompare(b.category) || collator.compare(itemName(a, lang), itemName(b, lang)),
  );
}
