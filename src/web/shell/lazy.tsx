import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Loading } from '../ui/status.tsx';
import { useT } from './i18n.tsx';

/**
 * A page whose code is fetched the first time it is opened, so the first load (login and home)
 * stays small on a slow connection. If the fetch fails (offline, or a new release replaced the
 * files), the person is told and can reload.
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let cached: ComponentType<P> | undefined;
  return function LazyPage(props: P) {
    const t = useT();
    const [Page, setPage] = useState<ComponentType<P> | undefined>(() => cached);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (Page) return;
      load().then(
        (component) => {
          cached = component;
          setPage(() => component);
        },
        () => setFailed(true),
      );
    }, [Page]);
    if (failed) {
      return (
        <div class="alert alert-error" role="alert">
          <p>{t('errors.pageLoad')}</p>
          <p>
            <button type="button" class="button" onClick={() => location.reload()}>
              {t('app.reload')}
            </button>
          </p>
        </div>
      );
    }
    return Page ? <Page {...props} /> : <Loading />;
  };
}
