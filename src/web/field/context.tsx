import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useMemo, useState } from 'preact/hooks';
import type { Me } from '../../core/users/schema.ts';
import type { DeviceStore } from '../offline/device-store.ts';
import type { ServerData, SyncStatus } from '../offline/engine.ts';
import { buildFieldView, type ClientView, type FieldView } from '../offline/view.ts';
import { localDate } from './format.ts';
import { runtime, type DeviceState } from './runtime.ts';

/** The device's state, re-read on every change the runtime announces. */
export function useDeviceState(): DeviceState {
  const [, setVersion] = useState(runtime.version);
  useEffect(() => runtime.subscribe(() => setVersion(runtime.version)), []);
  return runtime.get();
}

export interface Field {
  me: Me;
  userId: string;
  orgId: string;
  store: DeviceStore;
  status: SyncStatus;
  view: FieldView;
  /** Sites where new work can be recorded. */
  sites: ServerData['sites'];
  /** Items that can be handed out now. */
  catalogue: ServerData['catalogue'];
  today: string;
}

const FieldContext = createContext<Field | null>(null);

export function useField(): Field {
  const field = useContext(FieldContext);
  if (!field) throw new Error('useField outside an unlocked device');
  return field;
}

/** Builds the view (pulled data with the outbox laid over it) again whenever the runtime changes. */
export function FieldProvider({ me, state, children }: { me: Me; state: Extract<DeviceState, { kind: 'unlocked' }>; children: ComponentChildren }) {
  const { store, engine } = state;
  const version = runtime.version;
  const today = localDate();
  const field = useMemo<Field>(() => {
    const meta = store.meta();
    const data = store.data();
    return {
      me,
      userId: meta.userId,
      orgId: meta.orgId,
      store,
      status: engine.status(),
      view: buildFieldView(data, store.outbox(), today, meta.userId),
      sites: data.sites.filter((s) => s.active),
      catalogue: data.catalogue.filter((c) => c.active),
      today,
    };
  }, [store, engine, version, today, me]);
  return <FieldContext.Provider value={field}>{children}</FieldContext.Provider>;
}

/** A client by id, also by an id that was merged into another client (a second registration of one code). */
export function findClient(field: Field, clientId: string): ClientView | undefined {
  const direct = field.view.byId.get(clientId);
  if (direct) return direct;
  const alias = field.store.data().clients.find((c) => c.id === clientId)?.mergedInto;
  return alias ? field.view.byId.get(alias) : undefined;
}
