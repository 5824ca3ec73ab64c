/** Roles, each including every power of the ones before it. */
export enum Role {
  Customer = 'customer',
  Admin = 'admin',
  Superadmin = 'superadmin',
}

const RANK: Record<Role, number> = { [Role.Customer]: 0, [Role.Admin]: 1, [Role.Superadmin]: 2 };

/** True when `actual` may do what `required` may: a superadmin can do all an admin can. */
export function roleSatisfies(actual: Role, required: Role): boolean {
  return RANK[actual] >= RANK[required];
}
