// Sign-out: ends the session (a POST with the CSRF token), then shows the sign-in page.
import { signOut } from '../session.js';

export async function signOutPage(ctx) {
  try {
    await signOut();
  } catch {
    // The session may have ended already; either way the user is now signed out.
  }
  await ctx.navigate('/sign-in', { replace: true, flash: { heading: 'You have signed out' } });
}
