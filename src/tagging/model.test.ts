import { describe, expect, it } from 'vitest';
import { framework } from '../framework/data.ts';
import { labelledStories, measureAccuracy } from './accuracy.ts';
import { buildTagModel, buildTagModelInSlices, loadTagModel, type SavedTagModel, suggestTags } from './model.ts';

const characteristicKeys = framework.characteristics.map((c) => c.key).sort();
const roleKeys = framework.roles.map((r) => r.key).sort();
// Built once from the framework alone (as on a new installation) and once with two tagged stories.
const saved = buildTagModel(framework, []);
const model = loadTagModel(saved);

describe('tag suggestions', () => {
  it.each([
    [
      'The budget was cut by a third, so we combined two teams and shared one building to keep the service open on less money.',
      'austerity',
    ],
    [
      'I moved from a charity to the council after years in the private sector, and use those contacts across sectors on a secondment.',
      'career',
    ],
    [
      'Every Friday we set aside time to reflect on what went well, and I asked my mentor for feedback and coaching.',
      'reflects',
    ],
    [
      'The director gave team leaders authority to make their own decisions and shared the credit for success with everyone.',
      'leadership',
    ],
    [
      'We asked residents of the estate and local community groups what mattered to them in their neighbourhood before changing anything.',
      'locality',
    ],
  ])('ranks an obvious text first: %s', (text, expected) => {
    expect(suggestTags(model, text).characteristics[0]?.key).toBe(expected);
  });

  it('ranks an obvious role first', () => {
    const roles = suggestTags(
      model,
      'She inspects premises, licenses them and enforces the standards as a regulator.',
    ).roles;
    expect(roles[0]?.key).toBe('regulator');
  });

  it('lists every characteristic and every role once, best first, scored between 0 and 1', () => {
    for (const text of ['A story about the library and the volunteers who kept it open.', 'zzz qqq', '!!!', '']) {
      const s = suggestTags(model, text);
      expect(s.characteristics.map((c) => c.key).sort()).toEqual(characteristicKeys);
      expect(s.roles.map((r) => r.key).sort()).toEqual(roleKeys);
      for (const list of [s.characteristics, s.roles]) {
        for (const { score } of list) expect(score >= 0 && score <= 1).toBe(true);
        for (let i = 1; i < list.length; i++)
          expect(list[i - 1]?.score).toBeGreaterThanOrEqual(list[i]?.score as number);
      }
    }
  });

  it('is deterministic: the same input builds the same model and gives the same answer', () => {
    const story = {
      text: 'The food bank and the church pooled volunteers when the grant ended.',
      primary: 'austerity',
      characteristics: ['austerity', 'locality'],
      roles: ['resource-weaver'],
    };
    const a = buildTagModel(framework, [story]);
    const b = buildTagModel(framework, [story]);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const text = 'We shared a building with the library to save money.';
    expect(suggestTags(loadTagModel(a), text)).toEqual(suggestTags(loadTagModel(b), text));
  });

  it('builds the same model in slices (as the job does) as all at once', async () => {
    const stories = labelledStories().slice(0, 30);
    expect(JSON.stringify(await buildTagModelInSlices(framework, stories, 7))).toBe(
      JSON.stringify(buildTagModel(framework, stories)),
    );
  });

  it('survives a round trip through JSON, as it is stored', () => {
    const restored = loadTagModel(JSON.parse(JSON.stringify(saved)) as SavedTagModel);
    const text = 'Young people on the panel redesigned the service with us as equals.';
    expect(suggestTags(restored, text)).toEqual(suggestTags(model, text));
  });

  it('learns from tagged stories', () => {
    const text = 'The pigeon loft scheme in Marrowby.';
    const before = suggestTags(model, text).characteristics.findIndex((c) => c.key === 'ethos');
    const stories = ['Pigeon lofts in Marrowby', 'The Marrowby pigeon loft again', 'Pigeon racing and lofts'].map(
      (t) => ({
        text: t,
        primary: 'ethos',
        characteristics: ['ethos'],
        roles: [],
      }),
    );
    const taught = loadTagModel(buildTagModel(framework, stories));
    expect(suggestTags(taught, text).characteristics[0]?.key).toBe('ethos');
    expect(before).toBeGreaterThan(0);
  });

  it('suggests in a few milliseconds', () => {
    const text = framework.characteristics.map((c) => c.description).join('\n\n');
    suggestTags(model, text);
    // Processor time, not wall time: on a shared machine other work stretches the clock, not the work done.
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const started = process.cpuUsage();
      suggestTags(model, text);
      const used = process.cpuUsage(started);
      times.push((used.user + used.system) / 1000);
    }
    expect(Math.min(...times)).toBeLessThan(15);
  });

  it('is accurate on held-out stories well above chance', () => {
    const report = measureAccuracy();
    expect(report.heldOut).toBeGreaterThanOrEqual(60);
    // Chance is 0.1 for the first place and 0.3 for the first three.
    expect(report.top1).toBeGreaterThan(0.5);
    expect(report.top3).toBeGreaterThan(0.75);
  });
});
