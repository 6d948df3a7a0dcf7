// The staff-list reader and planner: every problem a person can make in a spreadsheet is named with its
// line, and whatever text arrives, nothing throws and no line of the file goes unaccounted for.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ImportContext, importLimits, parseStaffCsv, planStaffImport, roleFromCell, templateCsv } from './csv.ts';

const context: ImportContext = {
  units: [
    { id: 'u-care', name: 'Adult Social Care' },
    { id: 'u-lib', name: 'Libraries' },
    { id: 'u-a1', name: 'Admin' },
    { id: 'u-a2', name: 'admin' },
  ],
  memberEmails: new Set(['boss@council.example', 'already@council.example']),
  invitedEmails: new Set(['waiting@council.example']),
};

const plan = (text: string) => planStaffImport(parseStaffCsv(text), context);

describe('reading the file', () => {
  it('reads the template, whatever the case and spacing of the header', () => {
    const result = plan(
      templateCsv.replace('name,email,unit,manager email,role', 'Name , EMAIL,Unit,Manager_Email,ROLE'),
    );
    expect(result.fileProblems).toEqual([]);
    expect(result.bad).toEqual([]);
    expect(result.rows.map((r) => [r.line, r.email, r.role, r.unitId, r.action])).toEqual([
      [2, 'alex.example@example.org', 'member', 'u-care', 'invite'],
      [3, 'sam.manager@example.org', 'line_manager', 'u-care', 'invite'],
    ]);
  });

  it('needs a header row with name and email columns', () => {
    expect(plan('').fileProblems[0]).toMatch(/empty/);
    expect(plan('Jo Bloggs,jo@council.example\n').fileProblems.join(' ')).toMatch(/no “name” column/);
    expect(plan('name,email\n').fileProblems[0]).toMatch(/nobody in it/);
    expect(plan('name,email,email\nJo,jo@x.example\n').fileProblems[0]).toMatch(/twice/);
  });

  it('reports an unclosed quote with its line, and reads stray quotes and a byte-order mark', () => {
    expect(plan('name,email\nJo,jo@x.example\n"Sam,sam@x.example\n').fileProblems[0]).toMatch(/line 3/);
    const ok = plan('\ufeffname,email\nMaeve O"Dea,maeve@x.example\r\n');
    expect(ok.rows[0]?.name).toBe('Maeve O"Dea');
  });

  it('ignores blank lines and columns it does not use, and says which columns', () => {
    const result = plan('name,email,payroll number\n\nJo,jo@x.example,123\n,,\n\nSam,sam@x.example,456\n');
    expect(result.ignoredColumns).toEqual(['payroll number']);
    expect(result.rows.map((r) => r.line)).toEqual([3, 6]);
  });

  it('counts lines from where a quoted value spanning lines starts', () => {
    const result = plan('name,email\n"Jo\nBloggs",jo@x.example\nSam,sam@x.example\n');
    expect(result.bad.map((b) => b.line)).toEqual([2]);
    expect(result.bad[0]?.problems[0]).toMatch(/one line/);
    expect(result.rows.map((r) => r.line)).toEqual([4]);
  });

  it('refuses files over the size and row limits', () => {
    expect(plan(`name,email\n${'x'.repeat(importLimits.maxBytes)}`).fileProblems[0]).toMatch(/1 MB/);
    const many = Array.from({ length: importLimits.maxRows + 1 }, (_, i) => `P${i},p${i}@x.example`).join('\n');
    expect(plan(`name,email\n${many}`).fileProblems[0]).toMatch(/at most 2000/);
  });
});

describe('every bad row, with its line and why', () => {
  const text = [
    'name,email,unit,manager email,role',
    ',nobody@x.example,,,', // 2 missing name
    'Jo,not-an-email,,,', // 3 bad email
    'Ann,ann@x.example,,,', // 4 fine
    'Ann Again,ANN@x.example,,,', // 5 duplicate of 4
    'Bo,bo@x.example,Parks,,', // 6 unknown unit
    'Cy,cy@x.example,Admin,,', // 7 ambiguous unit
    'Di,di@x.example,,,chief', // 8 unknown role
    'Ed,ed@x.example,,stranger@x.example,', // 9 manager unknown
    'Fi,fi@x.example,,fi@x.example,', // 10 manager is self
    'Gus,gus@x.example,,jo@x.example,', // 11 manager's row is bad (line 3 has a bad address, so not in file)
    'Hal,hal@x.example,,di@x.example,', // 12 manager's own row is bad
    'Ivy,ivy@x.example,,hal@x.example,', // 13 chain: manager Hal is bad
    'Smith, Jo,jo.smith@x.example,,,member', // 14 unquoted comma
  ].join('\n');
  const result = plan(text);
  const why = (line: number) => result.bad.find((b) => b.line === line)?.problems.join('; ') ?? '';

  it('names the problem on each line', () => {
    expect(why(2)).toMatch(/name is missing/);
    expect(why(3)).toMatch(/not an email address/);
    expect(why(5)).toMatch(/same email address is on line 4/);
    expect(why(6)).toMatch(/no unit called “Parks”/);
    expect(why(7)).toMatch(/More than one unit/);
    expect(why(8)).toMatch(/“chief” is not a role/);
    expect(why(9)).toMatch(/not in the organisation or in this file/);
    expect(why(10)).toMatch(/own line manager/);
    expect(why(11)).toMatch(/not in the organisation or in this file/);
    expect(why(12)).toMatch(/own row \(line 8\)/);
    expect(why(13)).toMatch(/own row \(line 12\)/);
    expect(why(14)).toMatch(/more cells than the header/);
    expect(result.rows.map((r) => r.line)).toEqual([4]);
    expect(result.counts).toEqual({ invite: 1, skip: 0, bad: 12 });
  });
});

describe('what importing each good row would do', () => {
  it('invites everyone new to the organisation, and skips members and people already invited', () => {
    const result = plan(
      [
        'name,email,unit,manager email,role',
        'New Person,new@x.example,libraries,boss@council.example,Line Manager',
        'Elsewhere,Elsewhere@charity.example,,new@x.example,HR/OD',
        'Already,already@council.example,,,',
        'Waiting,waiting@council.example,,,',
        'Managed,managed@x.example,,waiting@council.example,org admin',
      ].join('\n'),
    );
    expect(result.bad).toEqual([]);
    expect(result.rows.map((r) => [r.email, r.action, r.role, r.unitName, r.managerEmail])).toEqual([
      ['new@x.example', 'invite', 'line_manager', 'Libraries', 'boss@council.example'],
      ['Elsewhere@charity.example', 'invite', 'hr_od', null, 'new@x.example'],
      ['already@council.example', 'skip', 'member', null, null],
      ['waiting@council.example', 'skip', 'member', null, null],
      ['managed@x.example', 'invite', 'org_admin', null, 'waiting@council.example'],
    ]);
    expect(result.counts).toEqual({ invite: 3, skip: 2, bad: 0 });
  });

  it('reads roles by key or by name, in any case, and defaults to member', () => {
    expect(
      ['', 'Member', 'LINE_MANAGER', 'hr od', 'Scheme coordinator', 'Organisation admin'].map(roleFromCell),
    ).toEqual(['member', 'member', 'line_manager', 'hr_od', 'coordinator', 'org_admin']);
    expect(roleFromCell('platform admin')).toBeUndefined();
    expect(roleFromCell('__proto__')).toBeUndefined();
  });
});

describe('properties', () => {
  const quote = (cell: string) =>
    /[",\r\n]/.test(cell) || cell.trim() !== cell ? `"${cell.replaceAll('"', '""')}"` : cell;
  const cell = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom(
      '',
      ' ',
      'Jo',
      'jo@x.example',
      'JO@x.example',
      'Libraries',
      'admin',
      'line manager',
      '=1+1',
      '"',
      ',',
      '\n',
    ),
  );

  it('never throws, and every non-blank record is a planned row or a bad row, on the line it starts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { maxLength: 30 }),
        fc.constantFrom('\n', '\r\n'),
        (records, newline) => {
          const lines = ['name,email,unit,manager email,role'];
          const expectedStarts: number[] = [];
          let line = 2;
          for (const record of records) {
            const text = record.map(quote).join(',');
            if (!record.every((c) => c.trim() === '')) expectedStarts.push(line);
            lines.push(text);
            line += text.split(/\r\n|\n|\r/).length;
          }
          const result = plan(lines.join(newline) + newline);
          if (expectedStarts.length === 0) {
            expect(result.fileProblems.length).toBe(1);
            return;
          }
          expect(result.fileProblems).toEqual([]);
          const accounted = [...result.rows.map((r) => r.line), ...result.bad.map((b) => b.line)].sort((a, b) => a - b);
          expect(accounted).toEqual(expectedStarts);
          for (const b of result.bad) expect(b.problems.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on any text at all', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const result = plan(`name,email\n${text}`);
        expect(result.rows.length + result.bad.length + result.fileProblems.length).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });
});
