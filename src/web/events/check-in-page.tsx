import { useEffect, useRef, useState } from 'preact/hooks';
import type { CheckInOut } from '../../core/training/event-api.ts';
import { normaliseRegistrationCode } from '../../core/training/events.ts';
import { ApiError } from '../api/client.ts';
import { useLang } from '../shell/i18n.tsx';
import { onSubmit, TextField } from '../ui/form.tsx';
import { Page } from '../ui/page.tsx';
import { ErrorMessage, errorText, Loading, Notice } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { eventsApi } from './api.ts';
import { formatDay, today } from './format.ts';
import { eventsHome } from './organiser-pages.tsx';
import { scannerProblem, startScanner, type Scanner, type ScannerProblem } from './scanner.ts';
import './events.css';

type Outcome = { kind: 'ok'; answer: CheckInOut } | { kind: 'refused'; code: string; message: string };

function Result({ outcome }: { outcome: Outcome }) {
  const { t } = useLang();
  if (outcome.kind === 'ok') {
    const again = outcome.answer.result === 'already_present';
    return (
      <div class={again ? 'events-result events-result-again' : 'events-result events-result-ok'} role="status" aria-live="assertive">
        <p class="events-result-word">{again ? t('events.checkin.alreadyPresent') : t('events.checkin.present')}</p>
        <p class="events-result-name">{outcome.answer.displayName}</p>
        <p class="events-code">{outcome.answer.code}</p>
      </div>
    );
  }
  return (
    <div class="events-result events-result-no" role="alert">
      <p class="events-result-word">{outcome.code === 'CHECKIN_NOT_REGISTERED' ? t('events.checkin.notRegistered') : t('events.checkin.refused')}</p>
      <p>{outcome.message}</p>
    </div>
  );
}

/**
 * Check-in at the door (issue #7 §2): pick the day, then scan the confirmation's QR code with the
 * camera or type the code. The answer is big: present, already present, or not registered.
 */
export function CheckInPage({ orgId, eventId }: { orgId: string; eventId: string }) {
  const { t, lang } = useLang();
  const res = useResource(() => eventsApi.get(orgId, eventId), [orgId, eventId]);
  const [day, setDay] = useState('');
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [count, setCount] = useState(0);
  const [camera, setCamera] = useState<'off' | 'starting' | 'on'>('off');
  const [cameraProblem, setCameraProblem] = useState<ScannerProblem | null>(null);
  const video = useRef<HTMLVideoElement>(null);
  const scanner = useRef<Scanner | null>(null);
  const dayRef = useRef(day);
  dayRef.current = day;

  useEffect(() => {
    const days = res.data?.event.days;
    if (days && !day) setDay(days.includes(today()) ? today() : days[0]!);
  }, [res.data]);
  /** Counts camera starts and stops: a start that finishes after a stop (or leaving the page) turns its camera off at once. */
  const cameraTurn = useRef(0);
  useEffect(
    () => () => {
      cameraTurn.current++;
      scanner.current?.stop();
    },
    [],
  );

  const check = async (raw: string) => {
    if (!dayRef.current || !raw.trim()) return;
    setBusy(true);
    try {
      const answer = await eventsApi.checkIn(orgId, eventId, raw, dayRef.current);
      setOutcome({ kind: 'ok', answer });
      if (answer.result === 'present') setCount((n) => n + 1);
      setTyped('');
      navigator.vibrate?.(answer.result === 'present' ? 80 : [40, 60, 40]);
    } catch (err) {
      setOutcome({ kind: 'refused', code: err instanceof ApiError ? err.code : '', message: errorText(err, t) });
      navigator.vibrate?.([200]);
    } finally {
      setBusy(false);
    }
  };

  const startCamera = async () => {
    if (!video.current) return;
    setCameraProblem(null);
    setCamera('starting');
    const turn = ++cameraTurn.current;
    try {
      const started = await startScanner(video.current, (text) => void check(normaliseRegistrationCode(text) ?? text));
      if (turn !== cameraTurn.current) {
        // Stopped, or the page left, while the camera was starting: its light must not stay on.
        started.stop();
        return;
      }
      scanner.current = started;
      setCamera('on');
    } catch (err) {
      if (turn !== cameraTurn.current) return;
      setCameraProblem(scannerProblem(err));
      setCamera('off');
    }
  };
  const stopCamera = () => {
    cameraTurn.current++;
    scanner.current?.stop();
    scanner.current = null;
    setCamera('off');
  };

  const back = { href: `${eventsHome(orgId)}/${eventId}`, label: res.data?.title ?? t('events.title') };
  if (res.error !== undefined) {
    return (
      <Page title={t('events.checkIn')} back={back}>
        <ErrorMessage error={res.error} onRetry={res.reload} />
      </Page>
    );
  }
  if (!res.data) return <Loading />;
  const e = res.data;
  return (
    <Page title={t('events.checkIn')} back={back}>
      <p class="lead">{e.title}</p>
      {e.status !== 'published' && <Notice tone="warning">{t('events.checkin.notOpen')}</Notice>}
      <fieldset class="field chip-field">
        <legend>{t('events.checkin.day')}</legend>
        <div class="chip-options">
          {e.event.days.map((d) => (
            <label class="chip-toggle" key={d}>
              <input type="radio" name="day" value={d} checked={day === d} onChange={() => setDay(d)} />
              <span>{formatDay(d, lang)}</span>
            </label>
          ))}
        </div>
      </fieldset>

      {outcome && <Result outcome={outcome} />}

      <div class="events-camera">
        <video ref={video} class={camera === 'off' ? 'events-video events-video-off' : 'events-video'} aria-label={t('events.checkin.cameraLabel')} />
        {camera === 'off' ? (
          <button type="button" class="button button-primary button-block button-big" onClick={() => void startCamera()}>
            {t('events.checkin.scan')}
          </button>
        ) : (
          <button type="button" class="button button-block" onClick={stopCamera}>
            {camera === 'starting' ? t('events.checkin.starting') : t('events.checkin.stopCamera')}
          </button>
        )}
        {cameraProblem && <Notice tone="warning">{t(`events.checkin.camera.${cameraProblem}`)}</Notice>}
      </div>

      <form class="form events-typed" onSubmit={onSubmit(() => void check(typed))} noValidate>
        <TextField
          id="field-checkin-code"
          name="code"
          label={t('events.checkin.typeCode')}
          hint={t('events.checkin.typeHint')}
          class="events-code-input"
          value={typed}
          onValue={setTyped}
          autoComplete="off"
          autoCapitalize="characters"
          autoCorrect="off"
          spellcheck={false}
          maxLength={12}
        />
        <button type="submit" class="button button-primary button-block button-big" disabled={busy || !day}>
          {t('events.checkin.submit')}
        </button>
      </form>
      <p class="hint" role="status">
        {t('events.checkin.count', { count })}
      </p>
    </Page>
  );
}
