/**
 * The menu tree of the parameters, as the RCC shows it.
 * @module
 */
import { findDatapoint } from './lookup.js';
import { MENUS } from './menus.generated.js';
import type { Datapoint, Family, Menu } from './types.js';

/** The menu with number `id` (of `family`, when given). */
export function findMenu(id: number, family?: Family): Menu | undefined {
  return MENUS.find((m) => m.id === id && (family === undefined || m.family === family));
}

/** The top-level menus of a family, in the appendix's order. */
export function menusOf(family: Family): readonly Menu[] {
  return MENUS.filter((m) => m.family === family && m.menus === undefined);
}

/**
 * The submenus and parameters of a menu, in the appendix's order.
 *
 * @example
 * ```ts
 * menuEntries(findMenu(1100)!).map((e) => e.description); // Basic parameters set…, Maximum current of AC source…
 * ```
 */
export function menuEntries(menu: Menu): readonly (Menu | Datapoint)[] {
  return menu.entries.flatMap((id) => {
    const entry = findMenu(id, menu.family) ?? findDatapoint(id, menu.family);
    return entry === undefined ? [] : [entry];
  });
}

/**
 * The menus from the top down to the one a parameter or menu sits in (its first one, where it
 * sits in two); empty for a user info or a top-level entry.
 *
 * @example
 * ```ts
 * menuPath(XcomP.XT_START_HOUR_AUX_1_TEMPORAL_RESTRICTIONS_PROGRAM_1).map((m) => m.id); // [1201, 1203, 1204]
 * ```
 */
export function menuPath(entry: Datapoint | Menu): readonly Menu[] {
  const path: Menu[] = [];
  let parentId = entry.menus?.[0];
  while (parentId !== undefined) {
    const parent = findMenu(parentId, entry.family);
    if (parent === undefined || path.includes(parent)) break;
    path.unshift(parent);
    parentId = parent.menus?.[0];
  }
  return path;
}
