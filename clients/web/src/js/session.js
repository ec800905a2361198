// The signed-in user: reads the session, signs in and out, and keeps the CSRF token for the API.
import { get, request, setCsrfToken } from './api.js';

let currentUser = null;

export function user() {
  return currentUser;
}

function remember(body) {
  currentUser = body.user;
  setCsrfToken(body.csrf_token);
  return currentUser;
}

export function forget() {
  currentUser = null;
  setCsrfToken(null);
}

// The session from the cookie, or null when there is none (401).
export async function loadSession() {
  try {
    const { body } = await get('/auth/session');
    return remember(body);
  } catch (error) {
    if (error.status === 401) {
      forget();
      return null;
    }
    throw error;
  }
}

// Rejects with ApiError: 401 for a wrong username or password, 429 when locked out.
export async function signIn(username, password) {
  const { body } = await request('POST', '/auth/sign-in', { body: { username, password } });
  return remember(body);
}

export async function signOut() {
  try {
    await request('POST', '/auth/sign-out');
  } finally {
    forget();
  }
}
