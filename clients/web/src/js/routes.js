// Every page of the app: its address, the roles that may open it, and the function that draws it.
import { CAN } from './roles.js';
import { accountPage } from './pages/account.js';
import { actionEditPage } from './pages/action-edit.js';
import { actionNewPage } from './pages/action-new.js';
import { casesPage } from './pages/cases.js';
import { childNewPage } from './pages/child-new.js';
import { childPage } from './pages/child.js';
import { conferenceNewPage } from './pages/conference-new.js';
import { dashboardPage } from './pages/dashboard.js';
import { homePage } from './pages/home.js';
import { networkMemberNewPage } from './pages/network-member-new.js';
import { planNewPage } from './pages/plan-new.js';
import { referralNewPage } from './pages/referral-new.js';
import { acceptPage, allocatePage, closePage, declinePage, preparePage } from './pages/referral-step.js';
import { referralPage } from './pages/referral.js';
import { reportCardPage } from './pages/report-card.js';
import { referralsPage } from './pages/referrals.js';
import { signInPage } from './pages/sign-in.js';
import { signOutPage } from './pages/sign-out.js';
import { statusChoosePage } from './pages/status-choose.js';
import { childProtectionPlanNewPage, cinEpisodeNewPage, lookedAfterEpisodeNewPage } from './pages/status-new.js';
import { trainingBookPage } from './pages/training-book.js';
import { trainingCourseNewPage } from './pages/training-course-new.js';
import { trainingCoursePage } from './pages/training-course.js';
import { trainingCoursesPage } from './pages/training-courses.js';
import { trainingPersonNewPage } from './pages/training-person-new.js';
import { trainingProgressPage } from './pages/training-progress.js';
import { trainingRegisterImportPage } from './pages/training-register-import.js';
import { trainingSessionNewPage } from './pages/training-session-new.js';
import { trainingSessionPage } from './pages/training-session.js';
import { trainingSessionsPage } from './pages/training-sessions.js';
import { wallPage } from './pages/wall.js';
import { adminRoutes } from './pages/admin/routes.js';

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

  // Training (docs/training.md): trainers and administrators run it, managers read it, data
  // analysts see progress only.
  { path: '/training/courses', page: trainingCoursesPage, roles: CAN.readTraining },
  { path: '/training/courses/new', page: trainingCourseNewPage, roles: CAN.manageTraining },
  { path: '/training/courses/:id', page: trainingCoursePage, roles: CAN.readTraining },
  { path: '/training/sessions', page: trainingSessionsPage, roles: CAN.readTraining },
  { path: '/training/sessions/new', page: trainingSessionNewPage, roles: CAN.manageTraining },
  { path: '/training/sessions/:id', page: trainingSessionPage, roles: CAN.readTraining },
  { path: '/training/sessions/:id/book', page: trainingBookPage, roles: CAN.manageTraining },
  { path: '/training/sessions/:id/people/new', page: trainingPersonNewPage, roles: CAN.manageTraining },
  { path: '/training/sessions/:id/import', page: trainingRegisterImportPage, roles: CAN.manageTraining },
  { path: '/training/progress', page: trainingProgressPage, roles: CAN.readTrainingProgress },

  // The key measures (docs/indicators.md): the dashboard, a measure's report card, the wall display.
  { path: '/dashboard', page: dashboardPage, roles: CAN.readDashboard },
  { path: '/dashboard/:indicator', page: reportCardPage, roles: CAN.readDashboard },
  { path: '/wall', page: wallPage, roles: CAN.readDashboard },

  // Administration (users, teams, areas, area groups, targets, unit costs): administrators only.
  ...adminRoutes,
];
