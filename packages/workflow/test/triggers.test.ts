import { afterAll, describe, expect, it } from 'vitest';
import { addTrigger, createTriggerScheduler, RunStore, removeTrigger, ruleMatches } from '../src/index.js';
import { workspace } from './helpers.js';

const ws = workspace();
const store = await RunStore.open({ location: ':memory:' });
afterAll(() => store.close());
const wf = ws.write('t.yaml', 'name: t\nstages:\n  - name: a\n    target: ./stages.mjs#echo\n');

describe('triggers', () => {
  it('matches event rules on equal values, dotted paths and lists', () => {
    expect(ruleMatches({ event: 'file.added', where: { ext: '.txt' } }, 'file.added', { ext: '.txt' })).toBe(
      true,
    );
    expect(
      ruleMatches({ event: 'file.added', where: { ext: ['.md', '.txt'] } }, 'file.added', { ext: '.txt' }),
    ).toBe(true);
    expect(
      ruleMatches({ event: 'file.added', where: { 'meta.size': 3 } }, 'file.added', { meta: { size: 3 } }),
    ).toBe(true);
    expect(
      ruleMatches({ event: 'file.added', where: { ext: '.txt' } }, 'file.removed', { ext: '.txt' }),
    ).toBe(false);
  });

  it('fires a cron trigger (croner) and an event rule, with their inputs', async () => {
    const started: Array<{ id: string; input: unknown }> = [];
    const cron = await addTrigger(store, { workflow: wf, cron: '* * * * * *', input: { from: 'cron' } });
    const rule = await addTrigger(store, {
      workflow: wf,
      when: { event: 'file.added', where: { ext: '.txt' } },
      input: { from: 'event' },
    });
    const scheduler = await createTriggerScheduler({
      store,
      start: async (t, input) => void started.push({ id: t.id, input }),
    });
    try {
      expect(await scheduler.emit('file.added', { ext: '.txt' })).toBe(1);
      expect(await scheduler.emit('file.added', { ext: '.md' })).toBe(0);
      await new Promise((r) => setTimeout(r, 2100));
      expect(started).toContainEqual({ id: rule.id, input: { from: 'event', event: { ext: '.txt' } } });
      expect(started.filter((s) => s.id === cron.id).length).toBeGreaterThanOrEqual(1);
      await removeTrigger(store, cron.id);
      await scheduler.reload();
      const before = started.length;
      await new Promise((r) => setTimeout(r, 1200));
      expect(started.length).toBe(before);
    } finally {
      scheduler.stop();
    }
    await expect(removeTrigger(store, cron.id)).rejects.toMatchObject({
      code: 'PB_WORKFLOW_TRIGGER_NOT_FOUND',
    });
  });
});
