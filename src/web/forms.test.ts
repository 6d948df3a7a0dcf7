// A form's problems become one message per field, the same in the error summary and beside the field.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formErrors } from './forms.ts';

const form = z.object({
  email: z.string().trim().min(1, 'Enter your email address').email('Enter an email address in the correct format'),
  name: z.string().min(1, 'Enter your name').max(5, 'Name must be 5 characters or fewer'),
});

describe('formErrors', () => {
  it('keeps the first problem of each field, in order, and links each to its field', () => {
    const parsed = form.safeParse({ email: '', name: '' });
    expect(parsed.success).toBe(false);
    expect(formErrors(parsed.error?.issues ?? [])).toEqual({
      errors: [
        { href: '#email', text: 'Enter your email address' },
        { href: '#name', text: 'Enter your name' },
      ],
      messages: { email: 'Enter your email address', name: 'Enter your name' },
    });
  });

  it('takes a service’s problems by field as they are', () => {
    expect(formErrors({ slug: 'Another space already uses that web address' })).toEqual({
      errors: [{ href: '#slug', text: 'Another space already uses that web address' }],
      messages: { slug: 'Another space already uses that web address' },
    });
  });

  it('puts a problem where the form says its field is', () => {
    const parsed = z.object({ people: z.array(z.object({ name: z.string().min(1, 'Enter a name') })) }).safeParse({
      people: [{ name: 'Ana' }, { name: '' }],
    });
    const { errors } = formErrors(parsed.error?.issues ?? [], (path) => `person-${String(path[1])}`);
    expect(errors).toEqual([{ href: '#person-1', text: 'Enter a name' }]);
  });
});
