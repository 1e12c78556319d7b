// The storage contract: one set of vitest tests every Store engine must pass (SQLite and PostgreSQL alike).
import { afterEach, beforeEach, describe } from 'vitest';
import { accountsContract } from './contract/accounts.contract.js';
import type { ContractContext, StoreFactory } from './contract/context.js';
import { consoleContract } from './contract/console.contract.js';
import { eventsContract } from './contract/events.contract.js';
import { groupsContract } from './contract/groups.contract.js';
import { membersAndPagingContract } from './contract/members-and-paging.contract.js';
import { productContract } from './contract/product.contract.js';
import { teamContract } from './contract/team.contract.js';
import { teamLinksContract } from './contract/team-links.contract.js';
import { rolesContract } from './contract/roles.contract.js';
import { schemasContract } from './contract/schemas.contract.js';
import { tokensContract } from './contract/tokens.contract.js';
import { usersContract } from './contract/users.contract.js';
import type { Store } from './store.js';

export type { StoreFactory } from './contract/context.js';

/** Registers the contract tests; each test gets a fresh, empty store from `open`. */
export function storeContract(engine: Store['engine'], open: StoreFactory): void {
  describe(`Store contract (${engine})`, () => {
    let current: Awaited<ReturnType<StoreFactory>> | undefined;
    beforeEach(async () => {
      current = await open();
    });
    afterEach(async () => {
      await current?.dispose();
      current = undefined;
    });
    const ctx: ContractContext = {
      engine,
      store() {
        if (!current) throw new Error('the contract store is opened in beforeEach');
        return current.store;
      },
    };
    accountsContract(ctx);
    tokensContract(ctx);
    usersContract(ctx);
    groupsContract(ctx);
    membersAndPagingContract(ctx);
    consoleContract(ctx);
    eventsContract(ctx);
    productContract(ctx);
    teamContract(ctx);
    teamLinksContract(ctx);
    schemasContract(ctx);
    rolesContract(ctx);
  });
}
