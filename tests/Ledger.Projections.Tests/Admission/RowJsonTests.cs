using System.Text;
using Ledger.Domain.Calendar;

namespace Ledger.Projections.Tests.Admission;

public sealed class RowJsonTests
{
    [Fact]
    public void a_rolling_window_is_stored_as_its_first_instant_and_the_gaps_after_it_and_reads_back_equal()
    {
        var window = new RollingWindow([1_796_142_615_496, 1_796_142_615_934, 1_796_142_615_934, 1_796_142_616_713]);

        var json = Encoding.UTF8.GetString(RowJson.Write(window));

        json.ShouldBe("[1796142615496,438,0,779]");
        RowJson.Read<RollingWindow>(json).ShouldBe(window);
        RowJson.Read<RollingWindow>("[]").ShouldBe(RollingWindow.Empty);
    }

    [Fact]
    public void a_rolling_window_written_in_the_earlier_absolute_form_still_reads() =>
        RowJson.Read<RollingWindow>("""{"instants_ms":[1796142615496,1796142615934]}""")
            .ShouldBe(new RollingWindow([1_796_142_615_496, 1_796_142_615_934]));
}
