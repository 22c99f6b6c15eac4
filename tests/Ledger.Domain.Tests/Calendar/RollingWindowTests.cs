using Ledger.Domain.Calendar;
using static Ledger.Domain.Tests.Given;

namespace Ledger.Domain.Tests.Calendar;

public sealed class RollingWindowTests
{
    private static RollingWindow At(params DateTimeOffset[] instants) =>
        instants.Aggregate(RollingWindow.Empty, (w, at) => w.Add(at));

    [Fact]
    public void an_instant_exactly_60_seconds_old_is_out_of_the_window() =>
        At(T0).CountAt(T0.AddSeconds(60)).ShouldBe(0);

    [Fact]
    public void an_instant_59_999_seconds_old_is_in_the_window() =>
        At(T0).CountAt(T0.AddMilliseconds(59_999)).ShouldBe(1);

    [Fact]
    public void the_window_counts_only_the_last_60_seconds() =>
        At(T0, T0.AddSeconds(10), T0.AddSeconds(30)).CountAt(T0.AddSeconds(65)).ShouldBe(2);

    [Fact]
    public void adding_drops_instants_that_left_the_window() =>
        At(T0, T0.AddSeconds(10), T0.AddSeconds(60)).InstantsMs
            .ShouldBe([T0.AddSeconds(10).ToUnixTimeMilliseconds(), T0.AddSeconds(60).ToUnixTimeMilliseconds()]);

    [Fact]
    public void instants_added_out_of_order_are_kept_in_order() =>
        At(T0.AddSeconds(5), T0).InstantsMs.ShouldBe([T0.ToUnixTimeMilliseconds(), T0.AddSeconds(5).ToUnixTimeMilliseconds()]);

    [Fact]
    public void a_window_below_the_limit_has_no_wait() =>
        At(T0, T0.AddSeconds(1)).SecondsUntilBelow(3, T0.AddSeconds(2)).ShouldBe(0);

    [Fact]
    public void a_full_window_waits_until_its_oldest_counted_instant_leaves() =>
        // the instant at T0 leaves at T0+60s; from T0+20.5s that is 39.5 s, rounded up
        At(T0, T0.AddSeconds(10), T0.AddSeconds(20)).SecondsUntilBelow(3, T0.AddMilliseconds(20_500)).ShouldBe(40);

    [Fact]
    public void a_window_over_the_limit_waits_for_enough_instants_to_leave() =>
        // with limit 2 and three inside, the second (T0+10s) must leave: at T0+70s
        At(T0, T0.AddSeconds(10), T0.AddSeconds(20)).SecondsUntilBelow(2, T0.AddSeconds(30)).ShouldBe(40);

    [Fact]
    public void the_wait_is_at_least_one_second() =>
        At(T0).SecondsUntilBelow(1, T0.AddMilliseconds(59_999)).ShouldBe(1);

    [Fact]
    public void windows_with_the_same_instants_are_equal() =>
        At(T0, T0.AddSeconds(1)).ShouldBe(At(T0, T0.AddSeconds(1)));
}
