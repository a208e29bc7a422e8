import type { JSX } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Me } from '../../core/users/schema.ts';
import type { Lang } from '../../core/i18n/index.ts';
import { ApiError, configureApi, NETWORK } from '../api/client.ts';
import { api } from '../api/fieldlab.ts';
import { LoginPage } from '../auth/login-page.tsx';
import { devicePresence, loadField, useDevicePresence, usesDevice } from '../field/presence.ts';
import type { FieldPageName } from '../field/pages.tsx';
import { HomePage } from '../home/home-page.tsx';
import { Page } from '../ui/page.tsx';
import { ErrorMessage, Loading } from '../ui/status.tsx';
import { i18n, LangProvider, useLang } from './i18n.tsx';
import { Layout } from './layout.tsx';
import { lazyPage } from './lazy.tsx';
import { Link, matchPath, navigate, safeNext, usePlace } from './router.tsx';
import { ShellContext, type Flash, type Shell } from './session.tsx';

// Login and home come with the first load; every other page is fetched when first opened.
const SetupPage = lazyPage(() => import('../setup/setup-page.tsx').then((m) => m.SetupPage));
const ForcedPasswordChangePage = lazyPage(() => import('../auth/password-page.tsx').then((m) => m.ForcedPasswordChangePage));
const AccountPage = lazyPage(() => import('../auth/account-page.tsx').then((m) => m.AccountPage));
const OrganisationsPage = lazyPage(() => import('../organisations/organisations-page.tsx').then((m) => m.OrganisationsPage));
const NewOrganisationPage = lazyPage(() => import('../organisations/organisation-form.tsx').then((m) => m.NewOrganisationPage));
const OrganisationPage = lazyPage(() => import('../organisations/organisation-page.tsx').then((m) => m.OrganisationPage));
const SitesPage = lazyPage(() => import('../organisations/sites-page.tsx').then((m) => m.SitesPage));
const NewSitePage = lazyPage(() => import('../organisations/site-form.tsx').then((m) => m.NewSitePage));
const EditSitePage = lazyPage(() => import('../organisations/site-form.tsx').then((m) => m.EditSitePage));
const UsersPage = lazyPage(() => import('../users/users-page.tsx').then((m) => m.UsersPage));
const NewUserPage = lazyPage(() => import('../users/new-user-page.tsx').then((m) => m.NewUserPage));
const AddMemberPage = lazyPage(() => import('../users/add-member-page.tsx').then((m) => m.AddMemberPage));
const UserPage = lazyPage(() => import('../users/user-page.tsx').then((m) => m.UserPage));
const CataloguePage = lazyPage(() => import('../catalogue/catalogue-page.tsx').then((m) => m.CataloguePage));
const NewCatalogueItemPage = lazyPage(() => import('../catalogue/item-form.tsx').then((m) => m.NewCatalogueItemPage));
const EditCatalogueItemPage = lazyPage(() => import('../catalogue/item-form.tsx').then((m) => m.EditCatalogueItemPage));
const ConflictsPage = lazyPage(() => import('../catalogue/conflicts-page.tsx').then((m) => m.ConflictsPage));
const ScreeningSettingsPage = lazyPage(() => import('../screening/settings-page.tsx').then((m) => m.ScreeningSettingsPage));
// Field work: its pages, the PIN doors and the device code (Dexie, the sync engine) load only when needed.
const FieldPages = lazyPage(() => import('../field/pages.tsx').then((m) => m.FieldPages));
const DeviceCheck = lazyPage(() => import('../field/gate.tsx').then((m) => m.DeviceCheck));
const OfflineUnlockPage = lazyPage(() => import('../field/gate.tsx').then((m) => m.OfflineUnlockPage));
const NotificationsPage = lazyPage(() => import('../notifications/notifications-page.tsx').then((m) => m.NotificationsPage));
const GuidancePage = lazyPage(() => import('../guidance/guidance-page.tsx').then((m) => m.GuidancePage));
const ProvidersAdminPage = lazyPage(() => import('../providers/admin-pages.tsx').then((m) => m.ProvidersAdminPage));
const NewProviderPage = lazyPage(() => import('../providers/admin-pages.tsx').then((m) => m.NewProviderPage));
const EditProviderPage = lazyPage(() => import('../providers/admin-pages.tsx').then((m) => m.EditProviderPage));
const ReceivedReferralsPage = lazyPage(() => import('../referrals/portal-pages.tsx').then((m) => m.ReceivedReferralsPage));
const ReceivedReferralPage = lazyPage(() => import('../referrals/portal-pages.tsx').then((m) => m.ReceivedReferralPage));
const ReferralNumbersPage = lazyPage(() => import('../referrals/indicators-page.tsx').then((m) => m.ReferralNumbersPage));
// Reporting (issue #6): the dashboard's chart library loads only with its page.
const ReportsPage = lazyPage(() => import('../reports/dashboard-page.tsx').then((m) => m.ReportsPage));
const ExportsPage = lazyPage(() => import('../reports/exports-page.tsx').then((m) => m.ExportsPage));
const FhirExportPage = lazyPage(() => import('../fhir/fhir-page.tsx').then((m) => m.FhirExportPage));
const Dhis2Page = lazyPage(() => import('../dhis2/dhis2-page.tsx').then((m) => m.Dhis2Page));
const OutcomesPage = lazyPage(() => import('../research/outcomes-page.tsx').then((m) => m.OutcomesPage));
const ResearchExtractPage = lazyPage(() => import('../research/extract-page.tsx').then((m) => m.ResearchExtractPage));
// Exchange visits (issue #7 §4).
const VisitsPage = lazyPage(() => import('../visits/visits-page.tsx').then((m) => m.VisitsPage));
const NewVisitPage = lazyPage(() => import('../visits/visit-form.tsx').then((m) => m.NewVisitPage));
const EditVisitPage = lazyPage(() => import('../visits/visit-form.tsx').then((m) => m.EditVisitPage));
const VisitPage = lazyPage(() => import('../visits/visit-page.tsx').then((m) => m.VisitPage));
// The train-the-trainer pathway (issue #7 §3).
const PathwayPeoplePage = lazyPage(() => import('../pathway/pages.tsx').then((m) => m.PathwayPeoplePage));
const PathwayPersonPage = lazyPage(() => import('../pathway/pages.tsx').then((m) => m.PathwayPersonPage));
const MyPathwayPage = lazyPage(() => import('../pathway/pages.tsx').then((m) => m.MyPathwayPage));
const PathwaySettingsPage = lazyPage(() => import('../pathway/settings-page.tsx').then((m) => m.PathwaySettingsPage));
const LogoutPage = lazyPage(() => import('../field/logout-page.tsx').then((m) => m.LogoutPage));
// Events (issue #7 §2): the organisers' pages, and the public ones anyone opens without login.
const EventsPage = lazyPage(() => import('../events/organiser-pages.tsx').then((m) => m.EventsPage));
const NewEventPage = lazyPage(() => import('../events/organiser-pages.tsx').then((m) => m.NewEventPage));
const EventPage = lazyPage(() => import('../events/organiser-pages.tsx').then((m) => m.EventPage));
const EventRegistrationsPage = lazyPage(() => import('../events/registrations-page.tsx').then((m) => m.RegistrationsPage));
const CheckInPage = lazyPage(() => import('../events/check-in-page.tsx').then((m) => m.CheckInPage));
const PublicEventsPage = lazyPage(() => import('../events/public-pages.tsx').then((m) => m.PublicEventsPage));
const PublicEventPage = lazyPage(() => import('../events/public-pages.tsx').then((m) => m.PublicEventPage));
const RegisterPage = lazyPage(() => import('../events/public-pages.tsx').then((m) => m.RegisterPage));
const ConfirmationPage = lazyPage(() => import('../events/confirmation-page.tsx').then((m) => m.ConfirmationPage));
// Courses, tests and certificates (issue #7 §2): trainers' pages, and the participant's and the public's without login.
const CoursesPage = lazyPage(() => import('../courses/courses-page.tsx').then((m) => m.CoursesPage));
const NewCoursePage = lazyPage(() => import('../courses/course-page.tsx').then((m) => m.NewCoursePage));
const CoursePage = lazyPage(() => import('../courses/course-page.tsx').then((m) => m.CoursePage));
const ResultsPage = lazyPage(() => import('../courses/results-page.tsx').then((m) => m.ResultsPage));
const TestPage = lazyPage(() => import('../courses/test-page.tsx').then((m) => m.TestPage));
const CertificatePage = lazyPage(() => import('../certificates/certificate-page.tsx').then((m) => m.CertificatePage));
const VerifyPage = lazyPage(() => import('../certificates/verify-page.tsx').then((m) => m.VerifyPage));
// Groups (issue #7 §1): the managers' pages, online.
const GroupsAdminPage = lazyPage(() => import('../groups/manager-pages.tsx').then((m) => m.GroupsAdminPage));
const NewGroupPage = lazyPage(() => import('../groups/manager-pages.tsx').then((m) => m.NewGroupPage));
const EditGroupPage = lazyPage(() => import('../groups/manager-pages.tsx').then((m) => m.EditGroupPage));

const field = (page: FieldPageName) => (p: Params) => <FieldPages page={page} params={p} />;

type Params = Record<string, string>;

/** Most specific first: "new" is matched before an id. */
const ROUTES: ReadonlyArray<readonly [string, (p: Params) => JSX.Element]> = [
  ['/', () => <HomePage />],
  ['/account', () => <AccountPage />],
  ['/organisations', () => <OrganisationsPage />],
  ['/organisations/new', () => <NewOrganisationPage />],
  ['/organisations/:orgId', (p) => <OrganisationPage orgId={p.orgId!} />],
  ['/organisations/:orgId/sites', (p) => <SitesPage orgId={p.orgId!} />],
  ['/organisations/:orgId/sites/new', (p) => <NewSitePage orgId={p.orgId!} />],
  ['/organisations/:orgId/sites/:siteId', (p) => <EditSitePage orgId={p.orgId!} siteId={p.siteId!} />],
  ['/organisations/:orgId/users', (p) => <UsersPage orgId={p.orgId!} />],
  ['/organisations/:orgId/users/new', (p) => <NewUserPage orgId={p.orgId!} />],
  ['/organisations/:orgId/users/existing', (p) => <AddMemberPage orgId={p.orgId!} />],
  ['/organisations/:orgId/users/:userId', (p) => <UserPage orgId={p.orgId!} userId={p.userId!} />],
  ['/organisations/:orgId/catalogue', (p) => <CataloguePage orgId={p.orgId!} />],
  ['/organisations/:orgId/catalogue/new', (p) => <NewCatalogueItemPage orgId={p.orgId!} />],
  ['/organisations/:orgId/catalogue/:itemId', (p) => <EditCatalogueItemPage orgId={p.orgId!} itemId={p.itemId!} />],
  ['/organisations/:orgId/conflicts', (p) => <ConflictsPage orgId={p.orgId!} />],
  ['/organisations/:orgId/screening', (p) => <ScreeningSettingsPage orgId={p.orgId!} />],
  ['/organisations/:orgId/providers', (p) => <ProvidersAdminPage orgId={p.orgId!} />],
  ['/organisations/:orgId/providers/new', (p) => <NewProviderPage orgId={p.orgId!} />],
  ['/organisations/:orgId/providers/:providerId', (p) => <EditProviderPage orgId={p.orgId!} providerId={p.providerId!} />],
  ['/organisations/:orgId/groups', (p) => <GroupsAdminPage orgId={p.orgId!} />],
  ['/organisations/:orgId/groups/new', (p) => <NewGroupPage orgId={p.orgId!} />],
  ['/organisations/:orgId/groups/:groupId', (p) => <EditGroupPage orgId={p.orgId!} groupId={p.groupId!} />],
  ['/organisations/:orgId/referrals/indicators', (p) => <ReferralNumbersPage orgId={p.orgId!} />],
  ['/organisations/:orgId/referrals/received', (p) => <ReceivedReferralsPage orgId={p.orgId!} />],
  ['/organisations/:orgId/referrals/received/:referralId', (p) => <ReceivedReferralPage orgId={p.orgId!} referralId={p.referralId!} />],
  ['/field', field('home')],
  ['/field/clients', field('clients')],
  ['/field/clients/new', field('newClient')],
  ['/field/clients/:clientId', field('client')],
  ['/field/clients/:clientId/contact', field('contact')],
  ['/field/clients/:clientId/screen', field('screen')],
  ['/field/clients/:clientId/screen/:instrumentId', field('screenForm')],
  ['/field/clients/:clientId/screenings/:screeningId', field('screening')],
  ['/field/clients/:clientId/mental-health', field('mentalHealth')],
  ['/field/clients/:clientId/crisis', field('crisis')],
  ['/field/clients/:clientId/refer', field('refer')],
  ['/field/referrals', field('referrals')],
  ['/field/referrals/:referralId', field('referral')],
  ['/field/referrals/:referralId/slip', field('slip')],
  ['/field/providers', field('providers')],
  ['/field/providers/:providerId', field('provider')],
  ['/field/groups', field('groups')],
  ['/field/groups/:groupId/session', field('groupSession')],
  ['/field/crisis', field('crisis')],
  ['/field/anonymous', field('anonymous')],
  ['/field/sync', field('sync')],
  ['/field/device', field('device')],
  ['/notifications', () => <NotificationsPage />],
  ['/reports', () => <ReportsPage />],
  ['/reports/outcomes', () => <OutcomesPage />],
  ['/reports/research', () => <ResearchExtractPage />],
  ['/organisations/:orgId/exports', (p) => <ExportsPage orgId={p.orgId!} />],
  ['/organisations/:orgId/exports/fhir', (p) => <FhirExportPage orgId={p.orgId!} />],
  ['/organisations/:orgId/dhis2', (p) => <Dhis2Page orgId={p.orgId!} />],
  ['/organisations/:orgId/guidance', (p) => <GuidancePage orgId={p.orgId!} />],
  ['/organisations/:orgId/visits', (p) => <VisitsPage orgId={p.orgId!} />],
  ['/organisations/:orgId/visits/new', (p) => <NewVisitPage orgId={p.orgId!} />],
  ['/organisations/:orgId/visits/:visitId', (p) => <VisitPage orgId={p.orgId!} visitId={p.visitId!} />],
  ['/organisations/:orgId/visits/:visitId/edit', (p) => <EditVisitPage orgId={p.orgId!} visitId={p.visitId!} />],
  ['/organisations/:orgId/pathway', (p) => <PathwayPeoplePage orgId={p.orgId!} />],
  ['/organisations/:orgId/pathway/settings', (p) => <PathwaySettingsPage orgId={p.orgId!} />],
  ['/organisations/:orgId/pathway/me', (p) => <MyPathwayPage orgId={p.orgId!} />],
  ['/organisations/:orgId/pathway/:userId', (p) => <PathwayPersonPage orgId={p.orgId!} userId={p.userId!} />],
  ['/logout', () => <LogoutPage />],
  ['/organisations/:orgId/events', (p) => <EventsPage orgId={p.orgId!} />],
  ['/organisations/:orgId/events/new', (p) => <NewEventPage orgId={p.orgId!} />],
  ['/organisations/:orgId/events/:eventId', (p) => <EventPage orgId={p.orgId!} eventId={p.eventId!} />],
  ['/organisations/:orgId/events/:eventId/registrations', (p) => <EventRegistrationsPage orgId={p.orgId!} eventId={p.eventId!} />],
  ['/organisations/:orgId/events/:eventId/check-in', (p) => <CheckInPage orgId={p.orgId!} eventId={p.eventId!} />],
  ['/organisations/:orgId/courses', (p) => <CoursesPage orgId={p.orgId!} />],
  ['/organisations/:orgId/courses/new', (p) => <NewCoursePage orgId={p.orgId!} />],
  ['/organisations/:orgId/courses/:courseId', (p) => <CoursePage orgId={p.orgId!} courseId={p.courseId!} />],
  ['/organisations/:orgId/events/:eventId/results', (p) => <ResultsPage orgId={p.orgId!} eventId={p.eventId!} />],
];

/**
 * Pages anyone may open without logging in (issue #7): the public events listing, registration and
 * its confirmation, and certificate verification. They render the same whatever the session, and
 * never send the visitor to the login page. Each capability adds its own entries here.
 */
const PUBLIC_ROUTES: ReadonlyArray<readonly [string, (p: Params) => JSX.Element]> = [
  ['/events', () => <PublicEventsPage />],
  ['/events/:eventId', (p) => <PublicEventPage eventId={p.eventId!} />],
  ['/events/:eventId/register', (p) => <RegisterPage eventId={p.eventId!} />],
  ['/registrations/:code', (p) => <ConfirmationPage code={p.code!} />],
  ['/registrations/:code/test/:phase', (p) => <TestPage code={p.code!} phase={p.phase!} />],
  ['/registrations/:code/certificate', (p) => <CertificatePage code={p.code!} />],
  ['/verify', () => <VerifyPage />],
  ['/verify/:code', (p) => <VerifyPage code={p.code!} />],
];

function publicPageFor(path: string): JSX.Element | null {
  for (const [pattern, render] of PUBLIC_ROUTES) {
    const params = matchPath(pattern, path);
    if (params) return <div key={path}>{render(params)}</div>;
  }
  return null;
}

function NotFoundPage() {
  const { t } = useLang();
  return (
    <Page title={t('notFound.title')}>
      <p>{t('notFound.text')}</p>
      <p>
        <Link class="button button-primary" href="/">
          {t('notFound.home')}
        </Link>
      </p>
    </Page>
  );
}

/** Locks the phone's field data, if its code was ever loaded in this visit. */
function lockDevice(): void {
  if (devicePresence().kind === 'unlocked') void loadField().then(({ runtime }) => runtime.lock());
}

function pageFor(path: string): JSX.Element {
  for (const [pattern, render] of ROUTES) {
    const params = matchPath(pattern, path);
    // Keyed by path: a page opened for another organisation starts afresh.
    if (params) return <div key={path}>{render(params)}</div>;
  }
  return <NotFoundPage />;
}

type State =
  | { kind: 'starting' }
  | { kind: 'unreachable'; error: unknown }
  | { kind: 'setup' }
  | { kind: 'anonymous' }
  /** Started without a network on a phone that holds field data: the PIN opens it. */
  | { kind: 'locked' }
  /** `offline`: the person came from the phone's sealed copy, not from the server. */
  | { kind: 'signedIn'; me: Me; offline?: boolean };

const isNetworkError = (err: unknown) => err instanceof ApiError && err.code === NETWORK;

function Root() {
  const { t, setLang } = useLang();
  const place = usePlace();
  const [state, setState] = useState<State>({ kind: 'starting' });
  const [flash, setFlash] = useState<Flash | null>(null);
  const stateRef = useRef(state);
  stateRef.current = state;
  // A language picked on the login or setup page is the person's choice for their account too.
  const pickedBeforeLogin = useRef(false);

  const adoptAccountLang = useCallback(
    (me: Me) => {
      if (pickedBeforeLogin.current && me.user.lang !== i18n.language) {
        void api.setMyLang(i18n.language as Lang).then(
          (updated) => setState({ kind: 'signedIn', me: updated }),
          () => {},
        );
      } else if (me.user.lang !== i18n.language) {
        setLang(me.user.lang);
      }
      pickedBeforeLogin.current = false;
    },
    [setLang],
  );

  const signIn = useCallback(
    (me: Me) => {
      adoptAccountLang(me);
      setState({ kind: 'signedIn', me });
    },
    [adoptAccountLang],
  );

  const start = useCallback(async () => {
    setState({ kind: 'starting' });
    const [setup, me] = await Promise.allSettled([api.setupStatus(), api.me()]);
    if (me.status === 'fulfilled') return signIn(me.value);
    // No network: if this phone holds field data, its PIN opens it and work goes on offline.
    if (isNetworkError(me.reason)) {
      const device = await loadField()
        .then(({ runtime }) => runtime.refresh())
        .catch(() => null);
      if (device && device.kind !== 'none' && device.kind !== 'checking') return setState({ kind: 'locked' });
    }
    if (setup.status === 'rejected') return setState({ kind: 'unreachable', error: setup.reason });
    if (setup.value.needed) return setState({ kind: 'setup' });
    if (me.reason instanceof ApiError && me.reason.code === 'UNAUTHENTICATED') return setState({ kind: 'anonymous' });
    setState({ kind: 'unreachable', error: me.reason });
  }, [signIn]);

  useEffect(() => {
    configureApi({
      lang: () => i18n.language,
      onSessionEnded: () => {
        if (stateRef.current.kind !== 'signedIn') return;
        setState({ kind: 'anonymous' });
        setFlash({ path: '/login', tone: 'warning', text: (tr) => tr('session.expired') });
      },
    });
    void start();
  }, [start]);

  // Each state has its own address: setup, login, or (once logged in) anything but those two.
  useEffect(() => {
    const path = place.path;
    if (publicPageFor(path)) return;
    if (state.kind === 'setup' && path !== '/setup') navigate('/setup', { replace: true });
    if (state.kind === 'anonymous' && path !== '/login') {
      const back = path === '/' ? '' : `?next=${encodeURIComponent(path + location.search)}`;
      navigate(`/login${back}`, { replace: true });
    }
    if (state.kind === 'signedIn' && (path === '/login' || path === '/setup')) navigate(safeNext(place.query.get('next')), { replace: true });
  }, [state.kind, place]);

  // Whoever is at the login page cannot see the field data: leaving a session locks the phone.
  useEffect(() => {
    if (state.kind === 'anonymous' || state.kind === 'setup') lockDevice();
  }, [state.kind]);

  // Started offline: an idle lock returns to the PIN; the network coming back brings a fresh /api/me.
  const presence = useDevicePresence();
  useEffect(() => {
    if (state.kind === 'signedIn' && state.offline && presence.kind === 'locked') setState({ kind: 'locked' });
  }, [presence.kind, state]);
  useEffect(() => {
    const refresh = () => {
      const s = stateRef.current;
      if (s.kind === 'signedIn' && s.offline) api.me().then((me) => setState({ kind: 'signedIn', me }), () => {});
    };
    addEventListener('online', refresh);
    return () => removeEventListener('online', refresh);
  }, []);

  // A flash belongs to one page; leaving it clears it.
  useEffect(() => setFlash((f) => (f && f.path === place.path ? f : null)), [place.path]);

  // After moving to another page, put the focus on its heading, as a screen reader expects.
  const firstPath = useRef(place.path);
  useEffect(() => {
    if (place.path === firstPath.current) return;
    firstPath.current = '';
    requestAnimationFrame(() => (document.querySelector<HTMLElement>('main h1') ?? document.querySelector<HTMLElement>('main'))?.focus());
  }, [place.path]);

  const me = state.kind === 'signedIn' ? state.me : null;
  const offline = state.kind === 'signedIn' && Boolean(state.offline);
  const shell = useMemo<Shell>(
    () => ({
      me,
      setMe: (next) => setState({ kind: 'signedIn', me: next }),
      refresh: async () => setState({ kind: 'signedIn', me: await api.me() }),
      logout: async (options = {}) => {
        const device = devicePresence();
        if (!options.force && me && device.ownerUserId === me.user.id && device.unsent > 0 && location.pathname !== '/logout') {
          navigate('/logout');
          return;
        }
        lockDevice();
        if (offline) {
          // The server cannot be told; the phone locks, and the session ends by itself on the server.
          setState({ kind: 'locked' });
          navigate('/', { replace: true });
          return;
        }
        await api.logout();
        setState({ kind: 'anonymous' });
        setFlash({ path: '/login', tone: 'success', text: (tr) => tr('session.loggedOut') });
        navigate('/login', { replace: true });
      },
      relogin: () => {
        const back = `${location.pathname}${location.search}`;
        setState({ kind: 'anonymous' });
        setFlash({ path: '/login', tone: 'warning', text: (tr) => tr('session.expired') });
        navigate(`/login?next=${encodeURIComponent(back)}`, { replace: true });
      },
      flash: setFlash,
      chooseLang: (lang) => {
        setLang(lang);
        if (!me) {
          pickedBeforeLogin.current = true;
          return;
        }
        // Remembered on this device at once; on the account when the server answers.
        api.setMyLang(lang).then(
          (updated) => setState({ kind: 'signedIn', me: updated }),
          () => {},
        );
      },
    }),
    [me, offline, setLang],
  );

  let content: JSX.Element;
  const publicPage = state.kind === 'starting' ? null : publicPageFor(place.path);
  if (publicPage) content = publicPage;
  else switch (state.kind) {
    case 'starting':
      content = <Loading />;
      break;
    case 'unreachable':
      content = (
        <Page title={t('app.unreachableTitle')}>
          <ErrorMessage error={state.error} onRetry={() => void start()} />
        </Page>
      );
      break;
    case 'setup':
      content = <SetupPage onDone={signIn} />;
      break;
    case 'anonymous':
      content = <LoginPage onSignedIn={signIn} />;
      break;
    case 'locked':
      content = (
        <OfflineUnlockPage
          onUnlocked={(saved) => {
            if (saved.user.lang !== i18n.language) setLang(saved.user.lang);
            setState({ kind: 'signedIn', me: saved, offline: true });
          }}
          onRetry={() => void start()}
        />
      );
      break;
    case 'signedIn':
      if (state.me.user.mustChangePassword) content = <ForcedPasswordChangePage />;
      else if (place.path === '/login' || place.path === '/setup') content = <Loading />;
      else if (usesDevice(state.me)) content = <DeviceCheck path={place.path}>{pageFor(place.path)}</DeviceCheck>;
      else content = pageFor(place.path);
      break;
  }

  return (
    <ShellContext.Provider value={shell}>
      <Layout path={place.path} flash={flash && flash.path === place.path ? flash : null}>
        {content}
      </Layout>
    </ShellContext.Provider>
  );
}

export function App() {
  return (
    <LangProvider>
      <Root />
    </LangProvider>
  );
}
