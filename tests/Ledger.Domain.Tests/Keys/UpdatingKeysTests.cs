using Ledger.Domain.Calendar;
using Ledger.Domain.Keys;
using static Ledger.Domain.Tests.Given;

namespace Ledger.Domain.Tests.Keys;

public sealed class UpdatingKeysTests
{
    [Fact]
    public void updating_a_key_records_its_name_and_all_its_limits() =>
        Spec.Key.Given(Key())
            .When(new KeyCommand.Update("renamed", Limits(rpm: 10, daily: 100, budget: 500m, BudgetPeriod.Week)))
            .Then(new KeyUpdated(KeyId, OrgId, "renamed", Limits(rpm: 10, daily: 100, budget: 500m, BudgetPeriod.Week)));

    [Fact]
    public void updating_a_key_with_the_values_it_has_changes_nothing() =>
        Spec.Key.Given(Key(), new KeyUpdated(KeyId, OrgId, "renamed", Limits(rpm: 10, budget: 500m)))
            .When(new KeyCommand.Update("renamed", Limits(rpm: 10, budget: 500.00m)))
            .ThenNothing();

    [Fact]
    public void clearing_a_limit_is_an_update() =>
        Spec.Key.Given(Key(Limits(rpm: 10)))
            .When(new KeyCommand.Update("prod-backend", KeyLimits.None))
            .Then(new KeyUpdated(KeyId, OrgId, "prod-backend", KeyLimits.None));

    [Fact]
    public void changing_only_the_budget_period_is_an_update() =>
        Spec.Key.Given(Key(Limits(budget: 50m)))
            .When(new KeyCommand.Update("prod-backend", Limits(budget: 50m, period: BudgetPeriod.Day)))
            .Then(new KeyUpdated(KeyId, OrgId, "prod-backend", Limits(budget: 50m, period: BudgetPeriod.Day)));

    [Fact]
    public void an_ephemeral_key_may_lower_its_daily_limit() =>
        Spec.Key.Given(Key(Limits(daily: 1_000), T0.AddHours(2), ephemeral: true))
            .When(new KeyCommand.Update("prod-backend", Limits(daily: 1_000 - 1)))
            .Then(new KeyUpdated(KeyId, OrgId, "prod-backend", Limits(daily: 999)));

    [Fact]
    public void raising_an_ephemeral_keys_daily_limit_above_1000_is_refused() =>
        Spec.Key.Given(Key(Limits(daily: 500), T0.AddHours(2), ephemeral: true))
            .When(new KeyCommand.Update("prod-backend", Limits(daily: 1_001)))
            .ThenRefused("invalid_daily_limit");

    [Fact]
    public void clearing_an_ephemeral_keys_daily_limit_is_refused() =>
        Spec.Key.Given(Key(Limits(daily: 500), T0.AddHours(2), ephemeral: true))
            .When(new KeyCommand.Update("prod-backend", KeyLimits.None))
            .ThenRefused("invalid_daily_limit");

    [Fact]
    public void a_full_key_may_have_a_daily_limit_above_1000() =>
        Spec.Key.Given(Key())
            .When(new KeyCommand.Update("prod-backend", Limits(daily: 5_000)))
            .Then(new KeyUpdated(KeyId, OrgId, "prod-backend", Limits(daily: 5_000)));
}
