import { describe, expect, it } from 'vitest';
import { deleteAccountForm, retentionForm } from './schema.ts';

const days = (value: string) => retentionForm.safeParse({ days: value });
const message = (value: string) => days(value).error?.issues[0]?.message;

describe('the retention form', () => {
  it('takes blank as "keep" and whole days from 30 to 3650', () => {
    expect(days('').data).toEqual({ days: null });
    expect(days('   ').data).toEqual({ days: null });
    expect(days('30').data).toEqual({ days: 30 });
    expect(days(' 365 ').data).toEqual({ days: 365 });
    expect(days('3650').data).toEqual({ days: 3650 });
  });

  it('explains what is wrong with anything else', () => {
    expect(message('29')).toBe('Keep records for at least 30 days');
    expect(message('0')).toBe('Keep records for at least 30 days');
    expect(message('3651')).toBe('Keep records for 3650 days or fewer (about 10 years)');
    for (const bad of ['abc', '-40', '45.5', '1e3', '365 days']) {
      expect(message(bad), bad).toBe('Enter a whole number of days, like 365, or leave it blank');
    }
  });
});

describe('the delete account form', () => {
  it('needs a choice for stories and the email typed', () => {
    expect(deleteAccountForm.safeParse({ stories: 'anonymise', email: 'a@b.example' }).success).toBe(true);
    const empty = deleteAccountForm.safeParse({});
    expect(empty.error?.issues.map((i) => i.message)).toEqual([
      'Select what happens to the stories you wrote',
      'Type your email address to confirm',
    ]);
    expect(deleteAccountForm.safeParse({ stories: 'keep', email: 'a@b.example' }).success).toBe(false);
  });
});
