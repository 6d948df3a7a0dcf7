// Reading a staff list (CSV) and deciding, row by row, what importing it would do. Pure: no I/O, so it is
// property-tested alone; the service supplies what the database knows (units, members, invitations).
//
// Cells are data only: nothing here evaluates them, and a name like `=SUM(A1)` is stored as written. Any
// later export of these values to CSV or a spreadsheet must neutralise cells starting with = + - @.
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { type MembershipRole, membershipRoles } from '../access/roles.ts';

export const importLimits = {
  /** Bytes of CSV text, uploaded or pasted. */
  maxBytes: 1_000_000,
  /** People in one import. */
  maxRows: 2000,
} as const;

/** The columns, as the template names them. */
export const csvColumns = ['name', 'email', 'unit', 'manager email', 'role'] as const;
export type CsvColumn = (typeof csvColumns)[number];

export const templateCsv = [
  'name,email,unit,manager email,role',
  'Alex Example,alex.example@example.org,Adult Social Care,sam.manager@example.org,member',
  'Sam Manager,sam.manager@example.org,Adult Social Care,,line manager',
  '',
].join('\r\n');

const headerAliases: Record<string, CsvColumn> = {
  name: 'name',
  'full name': 'name',
  'display name': 'name',
  email: 'email',
  'email address': 'email',
  unit: 'unit',
  team: 'unit',
  'manager email': 'manager email',
  'manager email address': 'manager email',
  'line manager email': 'manager email',
  manager: 'manager email',
  role: 'role',
};

const roleAliases: Record<string, MembershipRole> = {
  ...Object.fromEntries(membershipRoles.map((r) => [r, r])),
  hr: 'hr_od',
  hr_and_od: 'hr_od',
  hr_and_organisational_development: 'hr_od',
  scheme_coordinator: 'coordinator',
  organisation_admin: 'org_admin',
  organization_admin: 'org_admin',
  admin: 'org_admin',
};

/** The role a cell names (key or words, any case); member when empty; undefined when unknown. */
export function roleFromCell(cell: string): MembershipRole | undefined {
  const key = cell
    .trim()
    .toLowerCase()
    .replace(/[\s_\-/]+/g, '_');
  if (key === '') return 'member';
  return Object.hasOwn(roleAliases, key) ? roleAliases[key] : undefined;
}

/** One data row as written (cells trimmed), with the line of the file it starts on. */
export interface StaffRow {
  line: number;
  name: string;
  email: string;
  unit: string;
  managerEmail: string;
  role: string;
  /** Cells beyond the header's columns that hold something (an unquoted comma, usually). */
  extraCells: number;
}

export interface ParsedStaffCsv {
  /** Problems with the whole file; when any, no row can be imported. */
  fileProblems: string[];
  /** Header cells Waymark does not use, as written. */
  ignoredColumns: string[];
  rows: StaffRow[];
}

const blank = (record: readonly string[]) => record.every((cell) => cell.trim() === '');

/** Reads CSV text with a header row. Never throws: anything wrong becomes a problem in words. */
export function parseStaffCsv(text: string): ParsedStaffCsv {
  const none = (problem: string): ParsedStaffCsv => ({ fileProblems: [problem], ignoredColumns: [], rows: [] });
  if (Buffer.byteLength(text, 'utf8') > importLimits.maxBytes) {
    return none('The file is larger than 1 MB. Split it into smaller files and import each one.');
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      info: true,
      bom: true,
      relax_column_count: true,
      // A stray quote inside a cell (O"Brien) is read as a character, not a syntax error.
      relax_quotes: true,
      // Blank lines are kept (and skipped below) so that every record's first line can be worked out.
      skip_empty_lines: false,
      record_delimiter: ['\r\n', '\n', '\r'],
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = (error as { lines?: unknown }).lines;
    return none(
      typeof line === 'number'
        ? `The file could not be read as CSV near line ${line}: a quoted value is not closed. Check the quotes on that line.`
        : 'The file could not be read as CSV.',
    );
  }

  // Each record starts on the line after the previous one ended (a quoted value may span lines).
  const withLines = records.map((r, i) => ({ record: r.record, line: (records[i - 1]?.info.lines ?? 0) + 1 }));
  const filled = withLines.filter((r) => !blank(r.record));
  const header = filled[0];
  if (!header) return none('The file is empty. It needs a header row, then one row per person.');

  const positions = new Map<CsvColumn, number>();
  const ignoredColumns: string[] = [];
  const problems: string[] = [];
  header.record.forEach((cell, index) => {
    const name = cell
      .trim()
      .toLowerCase()
      .replace(/[\s_-]+/g, ' ');
    const column = Object.hasOwn(headerAliases, name) ? headerAliases[name] : undefined;
    if (column === undefined) {
      if (cell.trim() !== '') ignoredColumns.push(cell.trim());
    } else if (positions.has(column)) {
      problems.push(`The header row has the column “${column}” twice.`);
    } else {
      positions.set(column, index);
    }
  });
  for (const required of ['name', 'email'] as const) {
    if (!positions.has(required)) {
      problems.push(
        `The header row (line ${header.line}) has no “${required}” column. The first row must name the columns: ${csvColumns.join(', ')}.`,
      );
    }
  }
  const data = filled.slice(1);
  if (data.length > importLimits.maxRows) {
    problems.push(`The file has ${data.length} people; import at most ${importLimits.maxRows} at a time.`);
  }
  if (problems.length > 0) return { fileProblems: problems, ignoredColumns, rows: [] };
  if (data.length === 0) return none('The file has a header row but nobody in it.');

  const width = header.record.length;
  const cellOf = (record: string[], column: CsvColumn) => {
    const at = positions.get(column);
    return at === undefined ? '' : (record[at] ?? '').trim();
  };
  return {
    fileProblems: [],
    ignoredColumns,
    rows: data.map(({ record, line }) => ({
      line,
      name: cellOf(record, 'name'),
      email: cellOf(record, 'email'),
      unit: cellOf(record, 'unit'),
      managerEmail: cellOf(record, 'manager email'),
      role: cellOf(record, 'role'),
      extraCells: record.slice(width).filter((cell) => cell.trim() !== '').length,
    })),
  };
}

/** What the database knows that decides each row. Emails are compared lower-cased. */
export interface ImportContext {
  units: readonly { id: string; name: string }[];
  /** Current members of the organisation. */
  memberEmails: ReadonlySet<string>;
  /** People with an invitation to the organisation still waiting. */
  invitedEmails: ReadonlySet<string>;
}

/**
 * Every new row is an invitation, whether or not the address has an account elsewhere (or a disabled one):
 * joining needs the person's consent, and the plan must not tell an admin about accounts outside their
 * organisation.
 */
export type RowAction = 'invite' | 'skip';

export interface PlannedRow {
  line: number;
  name: string;
  email: string;
  role: MembershipRole;
  unitId: string | null;
  unitName: string | null;
  managerEmail: string | null;
  action: RowAction;
  /** Why a row is skipped. */
  reason?: string;
}

export interface BadRow {
  line: number;
  name: string;
  email: string;
  problems: string[];
}

export interface ImportPlan {
  fileProblems: string[];
  ignoredColumns: string[];
  rows: PlannedRow[];
  bad: BadRow[];
  counts: Record<RowAction | 'bad', number>;
}

const emailShape = z.email();
const isEmail = (value: string) => value.length <= 320 && emailShape.safeParse(value).success;
/**
 * Whether text holds control characters (line breaks, tabs, NUL...). Names are shown on one line in pages
 * and emails, and PostgreSQL text cannot hold NUL at all.
 */
export const hasControlCharacters = (text: string) =>
  [...text].some((ch) => {
    const code = ch.codePointAt(0) ?? 0;
    return code < 0x20 || code === 0x7f;
  });

/** Decides what importing each row would do, and lists every row that cannot be imported and why. */
export function planStaffImport(parsed: ParsedStaffCsv, context: ImportContext): ImportPlan {
  const emptyCounts = { invite: 0, skip: 0, bad: 0 };
  if (parsed.fileProblems.length > 0) {
    return {
      fileProblems: parsed.fileProblems,
      ignoredColumns: parsed.ignoredColumns,
      rows: [],
      bad: [],
      counts: emptyCounts,
    };
  }
  const unitsByName = new Map<string, { id: string; name: string }[]>();
  for (const unit of context.units) {
    const key = unit.name.trim().toLowerCase();
    unitsByName.set(key, [...(unitsByName.get(key) ?? []), unit]);
  }

  const firstLineOf = new Map<string, number>();
  const drafts = parsed.rows.map((row) => {
    const problems: string[] = [];
    const email = row.email.toLowerCase();
    const manager = row.managerEmail.toLowerCase();
    if (row.name === '') problems.push('The name is missing');
    else if (row.name.length > 200) problems.push('The name is longer than 200 characters');
    else if (hasControlCharacters(row.name)) problems.push('The name must be on one line, without control characters');
    if (row.email === '') problems.push('The email address is missing');
    else if (!isEmail(row.email)) problems.push(`“${row.email}” is not an email address`);
    else if (firstLineOf.has(email)) problems.push(`The same email address is on line ${firstLineOf.get(email)}`);
    else firstLineOf.set(email, row.line);
    if (row.extraCells > 0) {
      problems.push('The row has more cells than the header: put quotes around any value that contains a comma');
    }
    const role = roleFromCell(row.role);
    if (role === undefined) {
      problems.push(
        `“${row.role}” is not a role (use member, line manager, HR/OD, moderator, coordinator or org admin)`,
      );
    }
    let unit: { id: string; name: string } | undefined;
    if (row.unit !== '') {
      const matches = unitsByName.get(row.unit.toLowerCase()) ?? [];
      if (matches.length === 0) problems.push(`There is no unit called “${row.unit}” in the organisation`);
      else if (matches.length > 1) problems.push(`More than one unit is called “${row.unit}”`);
      else unit = matches[0];
    }
    if (row.managerEmail !== '') {
      if (!isEmail(row.managerEmail)) problems.push(`The manager email “${row.managerEmail}” is not an email address`);
      else if (manager === email) problems.push('A person cannot be their own line manager');
    }
    return { row, email, manager, role, unit, problems };
  });

  // A manager must already be in the organisation (or invited to it), or be a good row of this file. A row
  // whose manager's own row is bad is bad too, and so on down the chain, until nothing changes.
  const managerProblem = new Map<number, string>();
  for (let changed = true; changed; ) {
    changed = false;
    const goodInFile = new Map<string, true>();
    const rowByEmail = new Map<string, number>();
    for (const d of drafts) {
      if (d.problems.length === 0 && !managerProblem.has(d.row.line)) goodInFile.set(d.email, true);
      if (!rowByEmail.has(d.email)) rowByEmail.set(d.email, d.row.line);
    }
    for (const d of drafts) {
      if (d.problems.length > 0 || managerProblem.has(d.row.line) || d.manager === '') continue;
      if (d.manager === d.email) continue;
      const known =
        context.memberEmails.has(d.manager) || context.invitedEmails.has(d.manager) || goodInFile.has(d.manager);
      if (known) continue;
      const managerLine = rowByEmail.get(d.manager);
      managerProblem.set(
        d.row.line,
        managerLine === undefined
          ? `The line manager ${d.row.managerEmail} is not in the organisation or in this file`
          : `The line manager's own row (line ${managerLine}) cannot be imported`,
      );
      changed = true;
    }
  }

  const rows: PlannedRow[] = [];
  const bad: BadRow[] = [];
  for (const d of drafts) {
    const problems = [
      ...d.problems,
      ...(managerProblem.has(d.row.line) ? [managerProblem.get(d.row.line) as string] : []),
    ];
    if (problems.length > 0 || d.role === undefined) {
      bad.push({ line: d.row.line, name: d.row.name, email: d.row.email, problems });
      continue;
    }
    const planned: PlannedRow = {
      line: d.row.line,
      name: d.row.name,
      email: d.row.email,
      role: d.role,
      unitId: d.unit?.id ?? null,
      unitName: d.unit?.name ?? null,
      managerEmail: d.row.managerEmail === '' ? null : d.row.managerEmail,
      action: 'invite',
    };
    if (context.memberEmails.has(d.email)) {
      planned.action = 'skip';
      planned.reason = 'Already a member of the organisation';
    } else if (context.invitedEmails.has(d.email)) {
      planned.action = 'skip';
      planned.reason = 'Already invited: resend the invitation from the invitations page if needed';
    }
    rows.push(planned);
  }
  const counts = { ...emptyCounts, bad: bad.length };
  for (const row of rows) counts[row.action] += 1;
  return { fileProblems: [], ignoredColumns: parsed.ignoredColumns, rows, bad, counts };
}

/** The lower-cased email addresses a file mentions (people and managers), for looking up the context. */
export function emailsIn(parsed: ParsedStaffCsv): string[] {
  const emails = new Set<string>();
  for (const row of parsed.rows) {
    for (const value of [row.email, row.managerEmail]) {
      if (value !== '' && isEmail(value)) emails.add(value.toLowerCase());
    }
  }
  return [...emails];
}
