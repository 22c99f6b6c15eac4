using Ledger.Domain.Orgs;
using static Ledger.Domain.Tests.Given;

namespace Ledger.Domain.Tests.Orgs;

public sealed class IssuingKeysTests
{
    private const int MaxActive = 5;
    private static readonly Guid NewKey = Guid.Parse("0b000000-0000-0000-0000-0000000000ff");

    private static KeyIssued Issued(int n, bool ephemeral = false, DateTimeOffset? expiresAt = null) =>
        new(OrgId, KeyN(n), ephemeral, expiresAt);

    private static Guid KeyN(int n) => new(n, 0, 0, new byte[8]);

    private static object[] OrgWith(params object[] keyEvents) => [InrOrg(), .. keyEvents];

    [Fact]
    public void issuing_a_key_records_it_on_the_org() =>
        Spec.Org.Given(InrOrg())
            .When(new OrgCommand.IssueKey(NewKey, false, null, T0, MaxActive))
            .Then(new KeyIssued(OrgId, NewKey, false, null));

    [Fact]
    public void issuing_the_fifth_active_key_is_allowed() =>
        Spec.Org.Given(OrgWith(Issued(1), Issued(2), Issued(3), Issued(4)))
            .When(new OrgCommand.IssueKey(NewKey, false, null, T0, MaxActive))
            .Then(new KeyIssued(OrgId, NewKey, false, null));

    [Fact]
    public void issuing_the_sixth_active_key_is_refused() =>
        Spec.Org.Given(OrgWith(Issued(1), Issued(2), Issued(3), Issued(4), Issued(5)))
            .When(new OrgCommand.IssueKey(NewKey, false, null, T0, MaxActive))
            .ThenRefused("active_key_limit_reached");

    [Fact]
    public void an_expired_key_does_not_count_towards_the_limit() =>
        Spec.Org.Given(OrgWith(Issued(1), Issued(2), Issued(3), Issued(4), Issued(5, expiresAt: T0)))
            .When(new OrgCommand.IssueKey(NewKey, false, null, T0, MaxActive))
            .Then(new KeyIssued(OrgId, NewKey, false, null));

    [Fact]
    public void a_key_expiring_after_now_still_counts_towards_the_limit() =>
        Spec.Org.Given(OrgWith(Issued(1), Issued(2), Issued(3), Issued(4), Issued(5, expiresAt: T0.AddMilliseconds(1))))
            .When(new OrgCommand.IssueKey(NewKey, false, null, T0, MaxActive))
            .ThenRefused("active_key_limit_reached");

    [Fact]
    public void a_retired_key_does_not_count_towards_the_limit() =>
        Spec.Org.Given(OrgWith(Issued(1), Issued(2), Issued(3), Issued(4), Issued(5), new KeyRetired(OrgId, KeyN(3))))
            .When(new OrgCommand.IssueKey(NewKey, false, null, T0, MaxActive))
            .Then(new KeyIssued(OrgId, NewKey, false, null));

    [Fact]
    public void ephemeral_keys_do_not_count_towards_the_limit_on_full_keys() =>
        Spec.Org.Given(OrgWith(Issued(1), Issued(2), Issued(3), Issued(4),
                Issued(11, ephemeral: true, T0.AddHours(1)), Issued(12, ephemeral: true, T0.AddHours(1))))
            .When(new OrgCommand.IssueKey(NewKey, false, null, T0, MaxActive))
            .Then(new KeyIssued(OrgId, NewKey, false, null));

    [Fact]
    public void ephemeral_keys_have_their_own_limit() =>
        Spec.Org.Given(OrgWith(Issued(1), Issued(2), Issued(3), Issued(4), Issued(5),
                Issued(11, ephemeral: true, T0.AddHours(1)), Issued(12, ephemeral: true, T0.AddHours(1))))
            .When(new OrgCommand.IssueKey(NewKey, true, T0.AddHours(1), T0, 2))
            .ThenRefused("active_key_limit_reached");

    [Fact]
    public void an_ephemeral_key_is_issued_while_the_full_keys_are_at_their_limit() =>
        Spec.Org.Given(OrgWith(Issued(1), Issued(2), Issued(3), Issued(4), Issued(5)))
            .When(new OrgCommand.IssueKey(NewKey, true, T0.AddHours(1), T0, MaxActive))
            .Then(new KeyIssued(OrgId, NewKey, true, T0.AddHours(1)));

    [Fact]
    public void retiring_a_key_the_org_does_not_hold_changes_nothing() =>
        Spec.Org.Given(OrgWith(Issued(1), new KeyRetired(OrgId, KeyN(1))))
            .When(new OrgCommand.RetireKey(KeyN(1)))
            .ThenNothing();
}
