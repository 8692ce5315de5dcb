/** The clinician workspace: signed in, a header, and the screen the address names. */
import { useEffect, useState } from 'preact/hooks';
import { api, setCsrfToken, setSignInAgain } from './api.js';
import { AuditLog } from './audit-log.js';
import { AssessmentPage, NewAssessmentPage, ReassessPage, ReviseAssessmentPage } from './assessment-page.js';
import { Caseload } from './caseload.js';
import { ClientPage } from './client-page.js';
import { ClientList } from './clients.js';
import { Outcomes } from './outcomes.js';
import { PlanEditor } from './plan-editor.js';
import { ProgramsAdmin } from './programs-admin.js';
import { navigate, useRoute } from './router.js';
import { SessionUser } from './session.js';
import { SetPasswordPage } from './set-password.js';
import { SignIn, SignInAgainDialog } from './sign-in.js';
import { UsersAdmin } from './users-admin.js';
import type { SessionResponse } from '../../core/api/auth.js';
import type { OrganizationResponse } from '../../core/api/organization.js';
import { systemTimeZone } from '../../core/time-zone.js';
import { TimeZoneContext } from './local-time.js';

export function Workspace() {
  const [session, setSession] = useState<SessionResponse | null | undefined>(undefined);
  /** Set while the sign-in dialog is open: how to tell the waiting calls whether it worked. */
  const [signingInAgain, setSigningInAgain] = useState<((signedIn: boolean) => void) | null>(null);
  const route = useRoute();
  const [timeZone, setTimeZone] = useState<string | null>(null);
  const signedIn = session !== null && session !== undefined;

  // While someone is signed in, an ended session opens the dialog instead of failing the call.
  useEffect(() => {
    if (!signedIn) return;
    setSignInAgain(() => new Promise<boolean>((resolve) => setSigningInAgain(() => resolve)));
    return () => setSignInAgain(null);
  }, [signedIn]);

  useEffect(() => {
    api<SessionResponse>('GET', '/api/v1/auth/session')
      .then(({ data }) => {
        setCsrfToken(data.csrfToken);
        setSession(data);
      })
      .catch(() => setSession(null));
  }, []);

  // The clinic's time zone, once per signed-in user: every date and time on screen is in it.
  useEffect(() => {
    if (!session) return;
    api<OrganizationResponse>('GET', '/api/v1/organization')
      .then(({ data }) => setTimeZone(data.timeZone))
      .catch(() => setTimeZone(null));
  }, [session?.user.id]);

  if (session === undefined) return <p class="loading">Loading…</p>;
  // A set-password link opens its page whoever is signed in here (their CSRF token is set by now, as
  // the server asks of a signed-in browser): using it signs in the link's owner instead.
  if (route.name === 'set-password') {
    return <SetPasswordPage code={route.params.code ?? ''} onSignedIn={(signedIn) => setSession(signedIn)} />;
  }
  if (session === null) return <SignIn onSignedIn={(signedIn) => setSession(signedIn)} />;

  const finishSignIn = (again: boolean) => {
    signingInAgain?.(again);
    setSigningInAgain(null);
  };

  const signOut = async () => {
    await api('POST', '/api/v1/auth/sign-out').catch(() => undefined);
    setCsrfToken(null);
    setSession(null);
    navigate('/clients');
  };

  let screen: preact.JSX.Element;
  switch (route.name) {
    case 'client':
      screen = <ClientPage id={route.params.id ?? ''} />;
      break;
    case 'new-assessment':
      screen = <NewAssessmentPage clientId={route.params.id ?? ''} />;
      break;
    case 'reassess':
      screen = <ReassessPage clientId={route.params.id ?? ''} assessmentId={route.params.assessmentId ?? ''} />;
      break;
    case 'caseload':
      screen = <Caseload />;
      break;
    case 'outcomes':
      screen = <Outcomes />;
      break;
    case 'assessment':
      screen = <AssessmentPage id={route.params.id ?? ''} />;
      break;
    case 'revise-assessment':
      screen = <ReviseAssessmentPage id={route.params.id ?? ''} />;
      break;
    case 'plan':
      screen = <PlanEditor id={route.params.id ?? ''} />;
      break;
    case 'programs':
      screen = <ProgramsAdmin />;
      break;
    case 'users':
      screen = <UsersAdmin />;
      break;
    case 'audit':
      screen = <AuditLog />;
      break;
    case 'client-audit':
      screen = <AuditLog key={route.params.id} clientId={route.params.id} />;
      break;
    default:
      screen = <ClientList />;
  }

  return (
    <SessionUser.Provider value={session.user}>
      {signingInAgain ? (
        <SignInAgainDialog
          email={session.user.email}
          onSignedIn={(again) => {
            setSession(again);
            finishSignIn(true);
          }}
          onDismiss={() => finishSignIn(false)}
        />
      ) : null}
      <header class="top">
        <a class="brand" href="#/clients">
          Stepdown workspace
        </a>
        <nav aria-label="Workspace">
          <a class="nav-link" href="#/clients">
            Clients
          </a>
          <a class="nav-link" href="#/caseload" aria-current={route.name === 'caseload' ? 'page' : undefined}>
            Caseload
          </a>
          <a class="nav-link" href="#/outcomes" aria-current={route.name === 'outcomes' ? 'page' : undefined}>
            Outcomes
          </a>
          {session.user.role === 'admin' ? (
            <>
              <a class="nav-link" href="#/users">
                Users
              </a>
              <a class="nav-link" href="#/programs">
                Programs
              </a>
              <a class="nav-link" href="#/audit">
                Audit log
              </a>
            </>
          ) : null}
        </nav>
        <span class="who">
          {session.user.displayName} ({session.user.role}){' '}
          <button type="button" class="lang" onClick={() => void signOut()}>
            Sign out
          </button>
        </span>
      </header>
      <TimeZoneContext.Provider value={timeZone ?? systemTimeZone()}>{screen}</TimeZoneContext.Provider>
    </SessionUser.Provider>
  );
}
