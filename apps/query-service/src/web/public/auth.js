// @ts-check
import { h } from './dom.js';

/**
 * The reader's credential: a bearer token (JWT) or an API key. It is kept in sessionStorage — for this
 * tab only, gone when the tab closes, never in a cookie or an address — and sent only in the headers of
 * the dashboard's own API calls (`Authorization: Bearer …` or `X-Api-Key`).
 */
const STORAGE_KEY = 'complaint-dashboard.credential';
const KINDS = ['bearer', 'api-key'];

/** The stored credential, `{ kind, value }`, or null when the reader has not signed in. */
export const currentCredential = () => {
  try {
    const stored = JSON.parse(window.sessionStorage.getItem(STORAGE_KEY) ?? 'null');
    return KINDS.includes(stored?.kind) && typeof stored.value === 'string' && stored.value ? stored : null;
  } catch {
    return null;
  }
};

/** Keeps a credential for this tab; a pasted `Bearer ` prefix is dropped. False when nothing was given. */
export const signIn = (kind, value) => {
  const trimmed = String(value ?? '')
    .trim()
    .replace(/^Bearer\s+/i, '');
  if (!KINDS.includes(kind) || !trimmed) return false;
  window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ kind, value: trimmed }));
  return true;
};

export const signOut = () => window.sessionStorage.removeItem(STORAGE_KEY);

/**
 * The headers that carry the credential; none when signed out.
 *
 * @returns {Record<string, string>}
 */
export const credentialHeaders = (credential = currentCredential()) => {
  if (!credential) return {};
  return credential.kind === 'bearer'
    ? { Authorization: `Bearer ${credential.value}` }
    : { 'X-Api-Key': credential.value };
};

/**
 * The sign-in box: the kind of credential and the credential itself (a password field, so it is not
 * shown or remembered by the browser's autofill). Signing in reloads the page, which then reads its data.
 */
export const signInBox = (text) => {
  const kind = (value, name, checked) =>
    h('label', { class: 'kind' }, h('input', { type: 'radio', name: 'kind', value, checked }), ` ${name}`);
  return h(
    'form',
    {
      class: 'sign-in',
      'data-sign-in': '',
      onsubmit: (event) => {
        event.preventDefault();
        const form = /** @type {HTMLFormElement} */ (event.currentTarget);
        const chosen = /** @type {RadioNodeList} */ (form.elements.namedItem('kind'));
        const credential = /** @type {HTMLInputElement} */ (form.elements.namedItem('credential'));
        if (signIn(chosen.value, credential.value)) location.reload();
        else credential.focus();
      },
    },
    h('h2', {}, text.signInTitle),
    h('p', {}, text.signInHint),
    h(
      'fieldset',
      {},
      h('legend', {}, text.credentialKind),
      kind('bearer', text.credentialToken, true),
      kind('api-key', text.credentialApiKey, false),
    ),
    h(
      'label',
      {},
      text.credential,
      h('input', {
        type: 'password',
        name: 'credential',
        required: true,
        autocomplete: 'off',
        spellcheck: 'false',
      }),
    ),
    h('button', { type: 'submit' }, text.signIn),
  );
};

/** The nav bar's account part: how the reader signed in, and the way out. */
export const accountBar = (text) => {
  const credential = currentCredential();
  if (!credential) return null;
  return h(
    'span',
    { class: 'account', 'data-signed-in': credential.kind },
    credential.kind === 'bearer' ? text.signedInToken : text.signedInApiKey,
    h(
      'button',
      {
        type: 'button',
        'data-action': 'sign-out',
        onclick: () => {
          signOut();
          location.reload();
        },
      },
      text.signOut,
    ),
  );
};

/** A plain sentence for the API's refusals, above their code and reason; null for any other error. */
export const refusalHint = (code, text) =>
  ({
    'AUTH.UNAUTHENTICATED': text.unauthenticatedHint,
    'AUTH.FORBIDDEN': text.forbiddenHint,
    'AUTH.OUT_OF_SCOPE': text.outOfScopeHint,
  })[code] ?? null;

/** The org units a restricted reader's figures cover; nothing for a reader who sees every unit. */
export const scopeNote = (scope, text) =>
  Array.isArray(scope)
    ? [` · ${text.scope}: `, h('span', { 'data-label': 'filters.scope' }, scope.join(', ') || '—')]
    : null;
