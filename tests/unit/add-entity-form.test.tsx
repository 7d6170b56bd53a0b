// @vitest-environment happy-dom
/** The "Add to Newslens" form (components/AddEntityForm.tsx). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';

const sendMessage = vi.fn<(type: string, data: unknown) => Promise<unknown>>();
vi.mock('../../utils/shared/protocol', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  sendMessage: (type: string, data: unknown) => sendMessage(type, data),
}));
const { AddEntityForm } = await import('../../components/AddEntityForm');
/** Runs `fn` in act() and lets the replies it waits for arrive. */
const settle = (fn: () => unknown) =>
  act(async () => {
    fn();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

afterEach(() => {
  render(null, document.body);
  sendMessage.mockReset();
});

const form = () => document.body.querySelector('form')!;
const submit = () => form().dispatchEvent(new Event('submit', { cancelable: true, bubbles: true }));
const addCalls = () => sendMessage.mock.calls.filter(([type]) => type === 'addOwnEntity');

function type(label: string, value: string) {
  const field = [...document.body.querySelectorAll('label')].find((l) => l.textContent?.startsWith(label))!.querySelector<HTMLInputElement | HTMLTextAreaElement>('input, textarea')!;
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

describe('add-entity form', () => {
  it('stores the entity once when Save is pressed twice before the answer, and is disabled meanwhile', async () => {
    let answer!: (v: unknown) => void;
    sendMessage.mockImplementation(() => new Promise((resolve) => (answer = resolve)));
    await act(() => render(<AddEntityForm selected="Ottoline Brackwater" closeWindow={() => undefined} />, document.body));
    await act(() => {
      submit();
      submit();
    });
    expect(document.body.querySelector<HTMLButtonElement>('button[type=submit]')!.disabled).toBe(true);
    await settle(() => answer({ id: 'user-ottoline-brackwater-000000', name: 'Ottoline Brackwater' }));
    expect(addCalls()).toHaveLength(1);
    expect(document.body.querySelector('[role=status]')?.textContent).toContain('“Ottoline Brackwater” was added');
  });

  it('can be submitted again after a failure', async () => {
    sendMessage.mockRejectedValueOnce(new Error('worker restarted')).mockResolvedValueOnce({ id: 'user-x-000000', name: 'Ottoline Brackwater' });
    await act(() => render(<AddEntityForm selected="Ottoline Brackwater" closeWindow={() => undefined} />, document.body));
    await settle(() => submit());
    expect(document.body.querySelector('[role=alert]')?.textContent).toContain('worker restarted');
    expect(document.body.querySelector<HTMLButtonElement>('button[type=submit]')!.disabled).toBe(false);
    await settle(() => submit());
    expect(addCalls()).toHaveLength(2);
    expect(document.body.querySelector('[role=status]')).not.toBeNull();
  });

  for (const name of ['a', 'I', '.', ' x! ']) {
    it(`refuses the name “${name}”, which would be marked on every page, and says why`, async () => {
      await act(() => render(<AddEntityForm selected={name} closeWindow={() => undefined} />, document.body));
      await settle(() => submit());
      expect(addCalls()).toHaveLength(0);
      expect(document.body.querySelector('[role=alert]')?.textContent).toContain('at least 2 letters or digits');
    });
  }

  it('refuses a one-letter alias by name and keeps names like "UN" or "G7"', async () => {
    sendMessage.mockResolvedValue({ id: 'user-un-000000', name: 'UN' });
    await act(() => render(<AddEntityForm selected="UN" closeWindow={() => undefined} />, document.body));
    await act(() => type('Other names', 'G7, A'));
    await settle(() => submit());
    expect(addCalls()).toHaveLength(0);
    expect(document.body.querySelector('[role=alert]')?.textContent).toContain('“A” needs at least 2 letters or digits');
    await act(() => type('Other names', 'G7, United Nations'));
    await settle(() => submit());
    expect(addCalls()).toHaveLength(1);
    expect(addCalls()[0]![1]).toMatchObject({ name: 'UN', aliases: ['G7', 'United Nations'] });
  });
});
