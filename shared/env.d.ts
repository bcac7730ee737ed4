// shared/ compiles without DOM or Node typings so neither leaks in; these are
// the few host functions every runtime Baton supports provides.
declare function setTimeout(callback: () => void, ms?: number): { readonly __timer: unique symbol } | number;
declare function clearTimeout(handle: ReturnType<typeof setTimeout> | null | undefined): void;
declare function setInterval(callback: () => void, ms?: number): { readonly __interval: unique symbol } | number;
declare function clearInterval(handle: ReturnType<typeof setInterval> | null | undefined): void;
declare class URLSearchParams {
  constructor(init?: string | Record<string, string>);
  get(name: string): string | null;
  set(name: string, value: string): void;
  toString(): string;
}
