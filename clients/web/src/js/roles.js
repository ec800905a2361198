// What each role may use in the web app, mirroring the roles of the API's route tables.
const CASE_READERS = ['social_worker', 'fgc_coordinator', 'manager', 'data_analyst', 'admin'];
const CASE_WRITERS = ['social_worker', 'fgc_coordinator', 'admin'];
const FGC_STAFF = ['fgc_coordinator', 'admin'];
const USER_READERS = ['admin', 'manager', 'fgc_coordinator'];
// Training (routes_training.c): trainers and administrators run it, managers read it all, data
// analysts read progress (never the people who attended).
const TRAINING_WRITERS = ['trainer', 'admin'];
const TRAINING_READERS = ['trainer', 'admin', 'manager'];
const TRAINING_PROGRESS_READERS = ['trainer', 'admin', 'manager', 'data_analyst'];
// Users, teams, areas, targets and unit costs (the Admin pages).
const ADMINS = ['admin'];
// The dashboard, report cards and wall display of the key measures (docs/web.md).
const DASHBOARD_READERS = ['manager', 'admin', 'fgc_coordinator', 'data_analyst'];

export const CAN = {
  readCases: CASE_READERS,
  writeCases: CASE_WRITERS,
  takeSteps: FGC_STAFF,
  listUsers: USER_READERS,
  manageTraining: TRAINING_WRITERS,
  readTraining: TRAINING_READERS,
  readTrainingProgress: TRAINING_PROGRESS_READERS,
  administer: ADMINS,
  readDashboard: DASHBOARD_READERS,
};

export function can(user, capability) {
  return Boolean(user) && CAN[capability].includes(user.role);
}

// Names are hidden from data analysts, who may not search by name either.
export function seesNames(user) {
  return Boolean(user) && user.role !== 'data_analyst';
}

// The navigation a role sees: only what it can use.
export function navigationFor(user) {
  if (!user) return [];
  const items = [];
  // Managers start at the dashboard, so it comes first for them; others have it after their work.
  if (user.role === 'manager') items.push({ href: '/dashboard', text: 'Dashboard' });
  if (user.role === 'social_worker') {
    items.push({ href: '/cases', text: 'My cases' });
    items.push({ href: '/referrals', text: 'Referrals' });
  } else if (can(user, 'readCases')) {
    items.push({ href: '/referrals', text: 'Referrals' });
    items.push({ href: '/cases', text: 'Children' });
  }
  if (can(user, 'manageTraining')) {
    items.push({ href: '/training/courses', text: 'Courses' });
    items.push({ href: '/training/sessions', text: 'Sessions' });
  }
  if (can(user, 'readTrainingProgress')) items.push({ href: '/training/progress', text: 'Progress' });
  if (can(user, 'readDashboard') && user.role !== 'manager') items.push({ href: '/dashboard', text: 'Dashboard' });
  if (can(user, 'administer')) items.push({ href: '/admin', text: 'Admin' });
  return items;
}

// Where "/" takes a signed-in user.
export function homeFor(user) {
  if (user.role === 'social_worker') return '/cases';
  if (user.role === 'manager') return '/dashboard';
  if (can(user, 'readCases')) return '/referrals';
  if (can(user, 'manageTraining')) return '/training/sessions';
  return '/account';
}
