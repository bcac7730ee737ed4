import { use, type ComponentType } from 'react';

/** A component whose code loads on demand: `preload()` fetches it ahead of need; `isLoaded()` says whether it would render at once. */
export type Preloadable<P> = ComponentType<P> & { preload(): Promise<unknown>; isLoaded(): boolean };

/**
 * A component split out of the app's first script (like React.lazy), that renders at once when its
 * code is already loaded — as it is once `preload()` has run, e.g. while the person reads the page
 * that offers it — and otherwise suspends (render it inside a Suspense) until it is.
 */
export function preloadable<P extends object>(load: () => Promise<ComponentType<P>>): Preloadable<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const preload = () =>
    (loading ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        // A failed load (offline update, a removed chunk) may be tried again.
        loading = null;
        throw error;
      },
    ));
  function Preloaded(props: P) {
    const Component = loaded ?? use(preload());
    return <Component {...props} />;
  }
  return Object.assign(Preloaded, { preload, isLoaded: () => loaded !== null });
}
