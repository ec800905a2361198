// The start page: takes the user to the part of the service their role uses most.
import { homeFor } from '../roles.js';

export async function homePage(ctx) {
  await ctx.navigate(homeFor(ctx.user), { replace: true });
}
