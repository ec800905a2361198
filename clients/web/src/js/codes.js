// Code lists of the API with the words people read for each code (British English).
export const ROLES = {
  social_worker: 'Social worker',
  fgc_coordinator: 'FGC coordinator',
  manager: 'Manager',
  data_analyst: 'Data analyst',
  trainer: 'Trainer',
  admin: 'Administrator',
};

export const SEX = { 1: 'Male', 2: 'Female' };

export const ETHNICITY = {
  WBRI: 'White British',
  WIRI: 'White Irish',
  WIRT: 'Traveller of Irish heritage',
  WOTH: 'Any other White background',
  WROM: 'Gypsy or Roma',
  MWBC: 'White and Black Caribbean',
  MWBA: 'White and Black African',
  MWAS: 'White and Asian',
  MOTH: 'Any other mixed background',
  AIND: 'Indian',
  APKN: 'Pakistani',
  ABAN: 'Bangladeshi',
  AOTH: 'Any other Asian background',
  BCRB: 'Caribbean',
  BAFR: 'African',
  BOTH: 'Any other Black background',
  CHNE: 'Chinese',
  OOTH: 'Any other ethnic group',
  REFU: 'Refused',
  NOBT: 'Information not yet obtained',
};

export const RELATIONSHIPS = {
  mother: 'Mother',
  father: 'Father',
  step_parent: 'Step-parent',
  grandparent: 'Grandparent',
  aunt_uncle: 'Aunt or uncle',
  sibling: 'Brother or sister',
  cousin: 'Cousin',
  other_relative: 'Other relative',
  family_friend: 'Family friend',
  neighbour: 'Neighbour',
  other: 'Other',
};

export const REFERRAL_STAGES = {
  early_help: 'Early help',
  child_in_need: 'Child in need',
  child_protection: 'Child protection',
  pre_proceedings: 'Pre-proceedings',
  looked_after: 'Looked after',
  dv_pathway: 'Domestic violence pathway',
};

export const REFERRAL_STATUSES = {
  referred: 'Referred',
  accepted: 'Accepted',
  declined: 'Declined',
  allocated: 'Allocated',
  preparing: 'Preparing',
  conference_held: 'Conference held',
  plan_agreed: 'Plan agreed',
  plan_not_agreed: 'Plan not agreed',
  reviewed: 'Reviewed',
  closed: 'Closed',
};

export const REFERRAL_EVENTS = {
  refer: 'Referred',
  accept: 'Accepted',
  decline: 'Declined',
  allocate: 'Coordinator allocated',
  prepare: 'Preparation recorded',
  hold_conference: 'Conference held',
  record_plan_agreed: 'Plan agreed',
  record_plan_not_agreed: 'Plan not agreed',
  hold_review: 'Review held',
  close: 'Closed',
};

export const DECLINE_REASONS = {
  family_declined: 'The family declined',
  not_appropriate: 'An FGC is not appropriate',
  threshold_not_met: 'The threshold is not met',
  already_open: 'The family is already open to the FGC service',
  no_consent: 'No consent',
  other: 'Another reason',
};

export const CLOSURE_REASONS = {
  plan_completed: 'The plan was completed',
  family_withdrew: 'The family withdrew',
  needs_met: 'The needs were met',
  escalated: 'Escalated',
  moved_away: 'The family moved away',
  other: 'Another reason',
};

export const CONFERENCE_KINDS = { initial: 'Initial conference', review: 'Review conference' };

export const CONFERENCE_MODELS = {
  pragmatic: 'Pragmatic',
  resolution: 'Resolution',
  restorative: 'Restorative',
};

export const ATTENDEE_ROLES = {
  parent: 'Parent',
  child: 'Child or young person',
  wider_family: 'Wider family',
  friend: 'Friend',
  professional: 'Professional',
  advocate: 'Advocate',
  coordinator: 'Coordinator',
};

export const OWNER_KINDS = { family: 'Family or friends', professional: 'Professional' };

export const ACTION_STATUSES = {
  open: 'Open',
  done: 'Done',
  not_done: 'Not done',
  cancelled: 'Cancelled',
};

// Status history (CIN census and SSDA903), as loaded by migrations/0004_status_history.sql.
// An array of pairs: codes such as 4 and 10 would otherwise be put first by JavaScript objects.
export const CIN_REFERRAL_SOURCES = [
  ['1A', 'Individual: family member, relative or carer'],
  ['1B', 'Individual: acquaintance'],
  ['1C', 'Individual: self'],
  ['1D', 'Individual: other'],
  ['2A', 'Schools'],
  ['2B', 'Education services'],
  ['3A', 'Health services: GP'],
  ['3B', 'Health services: health visitor'],
  ['3C', 'Health services: school nurse'],
  ['3D', 'Health services: other primary health services'],
  ['3E', 'Health services: A&E (emergency department)'],
  ['3F', 'Health services: other'],
  ['4', 'Housing'],
  ['5A', 'Local authority services: social care'],
  ['5B', 'Local authority services: other internal'],
  ['5C', 'Local authority services: external'],
  ['5D', 'Local authority services: early help'],
  ['6', 'Police'],
  ['7', 'Other legal agency'],
  ['8', 'Other'],
  ['9', 'Anonymous'],
  ['10', 'Unknown'],
];

export const CIN_PRIMARY_NEEDS = {
  N0: 'Not stated',
  N1: 'Abuse or neglect',
  N2: "Child's disability or illness",
  N3: 'Parental disability or illness',
  N4: 'Family in acute stress',
  N5: 'Family dysfunction',
  N6: 'Socially unacceptable behaviour',
  N7: 'Low income',
  N8: 'Absent parenting',
  N9: 'Cases other than children in need',
};

export const CIN_CLOSURE_REASONS = {
  RC1: 'Adopted',
  RC2: 'Died',
  RC3: 'Child arrangements order',
  RC4: 'Special guardianship order',
  RC5: 'Transferred to services of another local authority',
  RC6: 'Transferred to adult social care services',
  RC7: 'Services ceased for any other reason, including child no longer in need',
  RC8: 'Case closed after assessment, no further action',
  RC9: 'Case closed after assessment, referred to early help',
};

export const ABUSE_CATEGORIES = {
  NEG: 'Neglect',
  EMO: 'Emotional abuse',
  PHY: 'Physical abuse',
  SAB: 'Sexual abuse',
  MUL: 'Multiple',
};

export const CLA_REASONS_NEW_EPISODE = {
  S: 'Started to be looked after',
  L: 'Change of legal status only',
  P: 'Change of placement and carers only',
  T: 'Change of both legal status and placement and carers at the same time',
  U: 'Change of legal status and placement, same carers',
  B: 'Change of placement but same carers',
};

export const CLA_LEGAL_STATUSES = {
  C1: 'Interim care order',
  C2: 'Full care order',
  D1: 'Freeing order granted',
  E1: 'Placement order granted',
  V2: 'Single period of accommodation under section 20',
  V3: 'Short-term breaks, single placements',
  V4: 'Short-term breaks, multiple placements',
  L1: 'Under police protection and in local authority accommodation',
  L2: 'Emergency protection order',
  L3: 'Under child assessment order and in local authority accommodation',
  J1: 'Remanded to local authority or youth detention accommodation',
  J2: 'Placed in local authority accommodation under PACE',
  J3: 'Youth rehabilitation order with local authority residence requirement',
};

export const CLA_CATEGORIES_OF_NEED = {
  N1: 'Abuse or neglect',
  N2: "Child's disability",
  N3: 'Parental illness or disability',
  N4: 'Family in acute stress',
  N5: 'Family dysfunction',
  N6: 'Socially unacceptable behaviour',
  N7: 'Low income',
  N8: 'Absent parenting',
};

export const CLA_PLACEMENTS = {
  A3: 'Placed for adoption with parental consent, with current foster carer',
  A4: 'Placed for adoption with parental consent, not with current foster carer',
  A5: 'Placed for adoption with placement order, with current foster carer',
  A6: 'Placed for adoption with placement order, not with current foster carer',
  H5: "Semi-independent living not subject to children's homes regulations",
  K1: "Secure children's home",
  K2: "Children's home subject to children's homes regulations",
  P1: 'Placed with own parents or others with parental responsibility',
  P2: 'Independent living, for example in a flat, lodgings or bedsit',
  P3: 'Residential employment',
  R1: 'Residential care home',
  R2: 'NHS or health trust or other establishment providing medical or nursing care',
  R3: 'Family centre or mother and baby unit',
  R5: 'Young offender institution or prison',
  S1: "Residential school, except where dual-registered as a children's home",
  T0: 'Temporary move of any type',
  T1: 'Temporary period in hospital',
  T2: 'Temporary absence of the child on holiday',
  T3: 'Temporary accommodation while the usual foster carer is on holiday',
  T4: 'Temporary accommodation of 7 days or less, for any other reason',
  U1: 'Foster placement with relative or friend, long-term fostering',
  U2: 'Foster placement with relative or friend who is an approved adopter, fostering for adoption',
  U3: 'Foster placement with relative or friend, not long-term or fostering for adoption',
  U4: 'Foster placement with other foster carer, long-term fostering',
  U5: 'Foster placement with other foster carer who is an approved adopter, fostering for adoption',
  U6: 'Foster placement with other foster carer, not long-term or fostering for adoption',
  Z1: 'Other placement',
};

export const CLA_PLACEMENT_PROVIDERS = {
  PR0: 'Parents or others with parental responsibility',
  PR1: 'Own provision (by the local authority)',
  PR2: 'Other local authority provision',
  PR3: 'Other public provision',
  PR4: 'Private provision',
  PR5: 'Voluntary or third sector provision',
};

export const CLA_REASONS_CEASED = {
  X1: 'Episode ceases and a new episode begins on the same day',
  E11: 'Adopted: application for an adoption order unopposed',
  E12: 'Adopted: consent dispensed with by the court',
  E2: 'Died',
  E3: 'Care taken over by another local authority in the UK',
  E4A: 'Returned home to parents or relatives as part of the care planning process',
  E4B: 'Returned home to parents or relatives, not part of the care planning process',
  E13: 'Left care to live with parents or relatives with no parental responsibility',
  E41: 'Residence order or child arrangements order granted',
  E45: 'Special guardianship order to former foster carers who were a relative or friend',
  E46: 'Special guardianship order to former foster carers, not a relative or friend',
  E47: 'Special guardianship order to other carers who were a relative or friend',
  E48: 'Special guardianship order to other carers, not a relative or friend',
  E5: 'Moved into independent living with formal advice or support',
  E6: 'Moved into independent living with no formal advice or support',
  E7: 'Transferred to residential care funded by adult social care services',
  E9: 'Sentenced to custody',
  E14: 'Accommodation on remand ended',
  E15: 'Age assessment found the child is 18 or over',
  E16: 'Child moved abroad',
  E17: 'Aged 18 or over and remained with current carers',
  E8: 'Stopped being looked after for any other reason',
};

// Restorative-practice training (docs/training.md): sectors, booking statuses and progress to target.
export const TRAINING_SECTORS = {
  council_childrens_services: 'Council children’s services',
  council_other: 'Other council staff',
  schools: 'Schools',
  nhs: 'NHS',
  police: 'Police',
  youth_offending: 'Youth offending',
  housing: 'Housing',
  third_sector: 'Third sector',
  other: 'Other',
};

export const BOOKING_STATUSES = {
  booked: 'Booked',
  attended: 'Attended',
  did_not_attend: 'Did not attend',
  cancelled: 'Cancelled',
};

export const TRAINING_PROGRESS_STATUSES = {
  not_started: 'Not started',
  on_track: 'On track',
  off_track: 'Off track',
  reached: 'Reached',
  missed: 'Missed',
  no_target: 'No target',
};

// The label of a code, or the code itself when the list does not have it.
export function label(list, code) {
  if (code === null || code === undefined || code === '') return '';
  if (Array.isArray(list)) {
    const found = list.find(([value]) => value === String(code));
    return found ? found[1] : String(code);
  }
  return Object.prototype.hasOwnProperty.call(list, code) ? list[code] : String(code);
}

// [{value, text}] for radios and selects, in the list's order.
export function options(list) {
  const pairs = Array.isArray(list) ? list : Object.entries(list);
  return pairs.map(([value, text]) => ({ value, text }));
}
