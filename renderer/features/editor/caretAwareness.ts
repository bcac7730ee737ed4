import type { Awareness } from 'y-protocols/awareness';

type Listener = (...args: unknown[]) => void;
interface Changes {
  added: number[];
  updated: number[];
  removed: number[];
}

/**
 * The awareness the caret plugin (CollaborationCaret, y-tiptap's cursor plugin) is given: the
 * same states and writes, but its 'change' listeners hear only changes that involve someone
 * else. The plugin answers every 'change' with a transaction of its own that redraws teammates'
 * carets; this person's caret moves with every keystroke and is never drawn, so each keystroke
 * used to dispatch a second transaction (every plugin, the view update, y-tiptap's sync of the
 * whole document, the toolbar's state) that changed nothing on screen.
 */
export function remoteCaretAwareness(awareness: Awareness): Awareness {
  const filtered = new WeakMap<Listener, Listener>();
  const filter = (listener: Listener): Listener => {
    let wrapped = filtered.get(listener);
    if (!wrapped) {
      wrapped = (changes, ...rest) => {
        const { added, updated, removed } = changes as Changes;
        if ([added, updated, removed].some((ids) => ids.some((id) => id !== awareness.clientID))) listener(changes, ...rest);
      };
      filtered.set(listener, wrapped);
    }
    return wrapped;
  };
  return new Proxy(awareness, {
    get(target, property, receiver) {
      if (property === 'on') return (name: string, listener: Listener) => target.on(name, name === 'change' ? filter(listener) : listener);
      if (property === 'off') return (name: string, listener: Listener) => target.off(name, name === 'change' ? filter(listener) : listener);
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}
