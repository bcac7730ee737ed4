import { closestCorners, pointerWithin, type CollisionDetection } from '@dnd-kit/core';
import { COLUMN } from './BoardColumn';

/**
 * Where a dragged card is over: the column under the pointer (else the nearest), then the nearest
 * card in that column by its corners (dnd-kit's closestCorners), or the column itself when it has
 * none. A card dropped on a column lands in it, and each pointer move weighs one column's cards
 * instead of every card drawn on the board.
 */
export const columnFirst: CollisionDetection = (args) => {
  const columns = args.droppableContainers.filter((container) => String(container.id).startsWith(COLUMN));
  const column = pointerWithin({ ...args, droppableContainers: columns })[0] ?? closestCorners({ ...args, droppableContainers: columns })[0];
  if (!column) return [];
  const status = String(column.id).slice(COLUMN.length);
  const cards = args.droppableContainers.filter((container) => (container.data.current as { sortable?: { containerId: string } } | undefined)?.sortable?.containerId === status);
  return cards.length > 0 ? closestCorners({ ...args, droppableContainers: cards }) : [column];
};
