// Every page of the app: its address, the roles that may open it, and the function that draws it.
import { CAN } from './roles.js';
import { accountPage } from './pages/account.js';
import { actionEditPage } from './pages/action-edit.js';
import { actionNewPage } from './pages/action-new.js';
import { casesPage } from './pages/cases.js';
import { childNewPage } from './pages/child-new.js';
import { childPage } from './pages/child.js';
import { conferenceNewPage } from './pages/conference-new.js';
import { homePage } from './pages/home.js';
import { networkMemberNewPage } from './pages/network-member-new.js';
import { planNewPage } from './pages/plan-new.js';
import { referralNewPage } from './pages/referral-new.js';
import { acceptPage, allocatePage, closePage, declinePage, preparePage } from './pages/referral-step.js';
import { referralPage } from './pages/referral.js';
import { referralsPage } from './pages/referrals.js';
import { signInPage } from './pages/sign-in.js';
import { signOutPage } from './pages/sign-out.js';
import { statusChoosePage } from './pages/status-choose.js';
import { childProtectionPlanNewPage, cinEpisodeNewPage, lookedAfterEpisodeNewPage } from './pages/status-new.js';

const READ = CAN.readCases;
const WRITE = CAN.writeCases;
const STAFF = CAN.takeSteps;

// The first match wins, so fixed paths come before patterns that would also match them.
export const routes = [
  { path: '/sign-in', page: signInPage, public: true },
  { path: '/sign-out', page: signOutPage, public: true },
  { path: '/', page: homePage },
  { path: '/account', page: accountPage },

  { path: '/cases', page: casesPage, roles: READ },
  { path: '/children/new', page: childNewPage, roles: WRITE },
  { path: '/children/:id', page: childPage, roles: READ },
  { path: '/children/:id/refer', page: referralNewPage, roles: WRITE },
  { path: '/children/:id/network-members/new', page: networkMemberNewPage, roles: WRITE },
  { path: '/children/:id/status', page: statusChoosePage, roles: WRITE },
  { path: '/children/:id/cin-episodes/new', page: cinEpisodeNewPage, roles: WRITE },
  { path: '/children/:id/child-protection-plans/new', page: childProtectionPlanNewPage, roles: WRITE },
  { path: '/children/:id/looked-after-episodes/new', page: lookedAfterEpisodeNewPage, roles: WRITE },

  { path: '/referrals', page: referralsPage, roles: READ },
  { path: '/referrals/:id', page: referralPage, roles: READ },
  { path: '/referrals/:id/accept', page: acceptPage, roles: STAFF },
  { path: '/referrals/:id/decline', page: declinePage, roles: STAFF },
  { path: '/referrals/:id/allocate', page: allocatePage, roles: STAFF },
  { path: '/referrals/:id/prepare', page: preparePage, roles: STAFF },
  { path: '/referrals/:id/close', page: closePage, roles: STAFF },
  { path: '/referrals/:id/conferences/new', page: conferenceNewPage, roles: STAFF },
  { path: '/referrals/:id/plan', page: planNewPage, roles: STAFF },
  { path: '/plans/:plan_id/actions/new', page: actionNewPage, roles: STAFF },
  { path: '/plans/:plan_id/actions/:action_id', page: actionEditPage, roles: STAFF },
];
