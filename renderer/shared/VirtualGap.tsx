/** Stands in a virtual list (useVirtualList) for rows not drawn: their height, hidden from assistive technology. */
export function VirtualGap({ height }: { height: number }) {
  return <li className="virtual-gap" aria-hidden="true" style={{ height }} />;
}
