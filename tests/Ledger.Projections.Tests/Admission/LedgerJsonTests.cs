using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Ledger.Domain;
using Ledger.Domain.Admission;
using Ledger.Domain.Calendar;
using Ledger.Domain.Keys;
using Ledger.Domain.Orgs;
using Ledger.Domain.Requests;
using Ledger.EventStore;

namespace Ledger.Projections.Tests.Admission;

/// <summary>The generated serialisers write what the reflection-based ones did, byte for byte: stored hashes depend on it.</summary>
public sealed class LedgerJsonTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 15, 40, 45, 123, TimeSpan.Zero);

    private static JsonSerializerOptions Reflection(JsonSerializerOptions like) =>
        new(like) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    // as LedgerEvents.CreateRegistry() sets up the store's options
    private static JsonSerializerOptions Generated(JsonSerializerOptions like) =>
        new(like) { TypeInfoResolver = JsonTypeInfoResolver.Combine(LedgerJson.Default, new DefaultJsonTypeInfoResolver()) };

    [Fact]
    public void every_domain_event_type_has_generated_serialisation_code()
    {
        var eventTypes = typeof(EventTypeAttribute).Assembly.GetTypes().Where(t => t.GetCustomAttribute<EventTypeAttribute>() is not null).ToList();

        eventTypes.Count.ShouldBeGreaterThan(10);
        eventTypes.Where(t => LedgerJson.Default.GetTypeInfo(t) is null).ShouldBeEmpty();
    }

    [Fact]
    public void events_are_written_as_the_reflection_based_serialiser_wrote_them()
    {
        var orgId = Guid.NewGuid();
        object[] events =
        [
            new RequestCompleted(Guid.NewGuid(), Guid.NewGuid(), orgId, "gpt-5.1", At, "sim-scaleway", "eu", 200, null, 12, 7, 0.412,
                1.1m, 8.5m, "EUR", 1m, 15m, 0.000073m, 0.000084m, "EUR", 0.0351m, true, [new UpstreamAttempt("sim-scaleway", "eu", "ok", 200, 0.41)]),
            new RequestAdmitted(Guid.NewGuid(), Guid.NewGuid(), orgId, "claude-4", OrgTier.Trial, true, 40, 4096, 0m, "INR"),
            new KeyMinted(Guid.NewGuid(), orgId, "prod", new string('a', 64), "br-abcdefghi", OrgTier.Standard, KeyScope.Inference, true,
                new KeyLimits(30, 200, 50m, BudgetPeriod.Week), At.AddDays(90)),
            new OrgSignedUp(orgId, "Acme", "EUR", "Europe/Paris", ["eu"], new PlanTerms("pro", 60, 5000, 100000, 15m)),
        ];
        var options = EventTypeRegistry.JsonOptions;

        foreach (var e in events)
            Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(e, e.GetType(), Generated(options)))
                .ShouldBe(JsonSerializer.Serialize(e, e.GetType(), Reflection(options)), e.GetType().Name);
    }

    [Fact]
    public void an_org_signed_up_event_stored_with_an_email_still_reads_and_the_email_is_dropped()
    {
        var orgId = Guid.NewGuid();
        var stored = $$$"""{"org_id":"{{{orgId}}}","name":"Acme","email":"ops@acme.test","currency":"EUR","time_zone":"Europe/Paris","allowed_regions":["eu"],"plan":{"name":"free","rpm_limit":null,"daily_limit":null,"monthly_limit":null,"markup_percent":0}}""";

        var read = JsonSerializer.Deserialize<OrgSignedUp>(stored, Generated(EventTypeRegistry.JsonOptions))!;

        read.ShouldBe(new OrgSignedUp(orgId, "Acme", "EUR", "Europe/Paris", read.AllowedRegions, new PlanTerms("free", null, null, null, 0m)));
        read.AllowedRegions.ShouldBe(["eu"]);
        JsonSerializer.Serialize(read, Generated(EventTypeRegistry.JsonOptions)).ShouldNotContain("email");
    }

    [Fact]
    public void admission_rows_are_written_as_before_with_the_compact_rolling_window()
    {
        var day = DateOnly.FromDateTime(At.UtcDateTime);
        var key = new KeyAdmission(Guid.NewGuid(), Guid.NewGuid(), new string('b', 64), "prod", "br-abcdefghi", KeyScope.Full, false, false, false, null,
            new KeyLimits(30, null, 50m, BudgetPeriod.Month), new RollingWindow([1_796_142_615_496, 1_796_142_615_934]), day, 2,
            new PeriodSpend(day, 0.001168m, 0.000123m), PeriodSpend.None, new PeriodSpend(day, 1m, 0m), At, At);

        var json = Encoding.UTF8.GetString(RowJson.Write(key));

        json.ShouldBe(JsonSerializer.Serialize(key, Reflection(RowJson.Options)));
        json.ShouldContain("\"recent\":[1796142615496,438]");
        RowJson.Read<KeyAdmission>(Encoding.UTF8.GetBytes(json)).ShouldBe(key);
    }
}
