using Ledger.Domain.Orgs;
using static Ledger.Domain.Tests.Given;

namespace Ledger.Domain.Tests.Orgs;

public sealed class PromoPoolTests
{
    [Fact]
    public void taking_a_credit_while_some_are_left_records_it() =>
        PromoPool.Take(OrgId, taken: 299, poolSize: 300).ShouldBe([new PromoCreditTaken(OrgId, 300)]);

    [Theory]
    [InlineData(300)]
    [InlineData(301)]
    public void taking_a_credit_from_an_exhausted_pool_is_refused(int taken) =>
        Should.Throw<DomainException>(() => PromoPool.Take(OrgId, taken, poolSize: 300))
            .Code.ShouldBe("promo_exhausted");

    [Fact]
    public void an_empty_pool_refuses_the_first_claim() =>
        Should.Throw<DomainException>(() => PromoPool.Take(OrgId, 0, poolSize: 0)).Kind.ShouldBe(RuleKind.Gone);
}
