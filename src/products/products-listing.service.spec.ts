import type { AuthenticatedUser } from '../auth/authenticated-user';
import type { CatalogState } from '../catalog/catalog-state';
import type { CursorCodec } from '../common/pagination/cursor-codec';
import type { ProductSearch } from '../search/product-search';
import { Role } from '../users/role';
import { type ListProductsQueryDto, OFFSET_TOTAL_CAP } from './dto/list-products-query.dto';
import { ProductsListingService } from './products-listing.service';
import type { ProductsRepository } from './products.repository';

const user = (role: Role): AuthenticatedUser => ({ id: `user-${role}`, role, sessionId: 'session' });

/** The matching products the fake database holds: `count` answers as PostgreSQL would under its LIMIT. */
function setup(matching: number) {
  const products = {
    page: jest.fn().mockResolvedValue([]),
    count: jest.fn(async (_filter: unknown, _minLsn: bigint, atMost?: number) => (atMost === undefined ? matching : Math.min(matching, atMost))),
  };
  const search = {
    page: jest.fn().mockResolvedValue([]),
    listCondition: jest.fn().mockResolvedValue({ textQuery: 'lantern:*', textBroad: true, walkRows: 1000 }),
  };
  const sut = new ProductsListingService(
    products as unknown as ProductsRepository,
    search as unknown as ProductSearch,
    { minLsn: 0n } as CatalogState,
    { of: () => ({ page: jest.fn().mockReturnValue({ data: [], page: { limit: 20, nextCursor: null, hasMore: false } }) }) } as unknown as CursorCodec,
  );
  return { sut, products, search };
}

const query = (values: Partial<ListProductsQueryDto>) => ({ limit: 20, ...values }) as ListProductsQueryDto;

describe(ProductsListingService.name, () => {
  describe('offset totals', () => {
    it('counts at most one row past the cap for anonymous callers, and reports a capped total beyond it', async () => {
      const { sut, products } = setup(250_000);
      const { page } = await sut.list(query({ page: 1 }));
      expect(products.count).toHaveBeenCalledWith(expect.any(Object), 0n, OFFSET_TOTAL_CAP + 1);
      expect(page).toEqual({
        limit: 20,
        nextCursor: null,
        hasMore: true,
        page: 1,
        total: OFFSET_TOTAL_CAP,
        totalCapped: true,
        totalPages: OFFSET_TOTAL_CAP / 20,
      });
    });

    it('keeps hasMore true on the last page a capped total reaches, since more products match', async () => {
      const { sut } = setup(OFFSET_TOTAL_CAP + 1);
      const { page } = await sut.list(query({ limit: 100, page: OFFSET_TOTAL_CAP / 100 }));
      expect(page).toMatchObject({ total: OFFSET_TOTAL_CAP, totalCapped: true, totalPages: OFFSET_TOTAL_CAP / 100, hasMore: true });
    });

    it('is exact and uncapped up to the cap itself', async () => {
      const exactlyCap = await setup(OFFSET_TOTAL_CAP).sut.list(query({ limit: 100, page: OFFSET_TOTAL_CAP / 100 }));
      expect(exactlyCap.page).toMatchObject({ total: OFFSET_TOTAL_CAP, totalCapped: false, totalPages: OFFSET_TOTAL_CAP / 100, hasMore: false });
      const few = await setup(45).sut.list(query({ page: 2 }));
      expect(few.page).toEqual({ limit: 20, nextCursor: null, hasMore: true, page: 2, total: 45, totalCapped: false, totalPages: 3 });
      const lastPage = await setup(45).sut.list(query({ page: 3 }));
      expect(lastPage.page).toMatchObject({ hasMore: false, total: 45, totalCapped: false });
    });

    it.each([Role.Admin, Role.Superadmin])('gives %s callers the exact total, never capped', async (role) => {
      const { sut, products } = setup(250_000);
      const { page } = await sut.list(query({ page: 1 }), user(role));
      expect(products.count).toHaveBeenCalledWith(expect.any(Object), 0n, undefined);
      expect(page).toMatchObject({ total: 250_000, totalCapped: false, totalPages: 12_500, hasMore: true });
    });

    it('caps signed-in customers like anonymous callers', async () => {
      const { sut } = setup(250_000);
      expect((await sut.list(query({ page: 1 }), user(Role.Customer))).page).toMatchObject({ total: OFFSET_TOTAL_CAP, totalCapped: true });
    });

    it('caps the count of a search in relevance order the same way, on its words and filters', async () => {
      const { sut, products } = setup(250_000);
      const { page } = await sut.list(query({ q: 'lantern', page: 2, minPrice: 100 }));
      expect(products.count).toHaveBeenCalledWith(expect.objectContaining({ textQuery: 'lantern:*', minPrice: 100 }), 0n, OFFSET_TOTAL_CAP + 1);
      expect(page).toMatchObject({ page: 2, total: OFFSET_TOTAL_CAP, totalCapped: true, hasMore: true });
      const staff = await sut.list(query({ q: 'lantern', page: 2 }), user(Role.Admin));
      expect(staff.page).toMatchObject({ total: 250_000, totalCapped: false });
    });

    it('counts nothing in cursor mode', async () => {
      const { sut, products } = setup(250_000);
      await sut.list(query({}));
      expect(products.count).not.toHaveBeenCalled();
    });
  });
});
