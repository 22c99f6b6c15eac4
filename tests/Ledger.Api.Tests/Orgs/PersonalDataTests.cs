using Ledger.Api.Tests.Support;
using Ledger.Domain;
using Ledger.Domain.Admission;
using Ledger.Domain.Orgs;
using Ledger.EventStore;
using Ledger.Projections;
using Ledger.Projections.Admission;
using Ledger.Testing;
using Npgsql;

namespace Ledger.Api.Tests.Orgs;

/// <summary>The signup email lives in org_personal_data only, and an operator can erase it without breaking the chain.</summary>
public sealed class PersonalDataTests : GatewayTest
{
    private HttpClient _client = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _client = (await NodeAsync()).Server.CreateClient();
    }

    private async Task<(SignedUp Org, string Email)> SignUpAsync()
    {
        var email = $"erase-me-{Guid.NewGuid():N}@acme.example";
        var (r, body) = await _client.PostAsync("/signup", new { org_name = "Acme", email, currency = "EUR" });
        ((int)r.StatusCode).ShouldBe(201, body.ToJsonString());
        return (new SignedUp(Guid.Parse((string)body["org_id"]!), (string)body["key"]!, Guid.Parse((string)body["key_id"]!)), email);
    }

    /// <summary>Every table in the ledger's schema whose rows, as text, contain <paramref name="needle"/>.</summary>
    private async Task<List<string>> TablesHoldingAsync(string needle)
    {
        var tables = new List<string>();
        await using (var list = Db.DataSource.CreateCommand(
            "select quote_ident(table_name) from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'"))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        tables.Count.ShouldBeGreaterThan(10);
        var holding = new List<string>();
        foreach (var table in tables)
        {
            await using var cmd = Db.DataSource.CreateCommand($"select exists (select 1 from {table} t where t::text like '%' || $1 || '%')");
            cmd.Parameters.Add(new NpgsqlParameter { Value = needle });
            if ((bool)(await cmd.ExecuteScalarAsync())!) holding.Add(table);
        }
        return holding;
    }

    [Fact]
    public async Task the_signup_email_is_kept_in_org_personal_data_and_in_no_event()
    {
        var (org, email) = await SignUpAsync();

        (await TablesHoldingAsync(email)).ShouldBe(["org_personal_data"]);
        (await Db.ScalarAsync<long>($"select count(*) from ledger_events where org_id = '{org.OrgId}' and type = 'V1.OrgSignedUp'")).ShouldBe(1);
        var (_, me) = await _client.GetJsonAsync("/me", org.Key);
        ((string)me["email"]!).ShouldBe(email);
    }

    [Fact]
    public async Task erasing_leaves_the_email_in_no_table_while_the_key_balance_history_and_chain_still_work()
    {
        var (org, email) = await SignUpAsync();
        await _client.PayAsync(org.OrgId, 50m);
        (await _client.CompleteAsync(org.Key)).Response.IsSuccessStatusCode.ShouldBeTrue();

        var (r, erased) = await _client.SendJsonAsync(HttpMethod.Delete, $"/admin/orgs/{org.OrgId}/personal-data", key: LedgerNode.OperatorToken);

        ((int)r.StatusCode).ShouldBe(200, erased.ToJsonString());
        ((bool)erased["erased"]!).ShouldBeTrue();
        ((bool)erased["email_in_history"]!).ShouldBeFalse();
        (await TablesHoldingAsync(email)).ShouldBeEmpty();
        var (_, me) = await _client.GetJsonAsync("/me", org.Key);
        me["email"].ShouldBeNull();
        var (after, _) = await _client.CompleteAsync(org.Key);
        after.IsSuccessStatusCode.ShouldBeTrue();
        var (_, balance) = await _client.GetJsonAsync("/me/balance", org.Key);
        ((decimal)balance["balance"]!).ShouldBeLessThan(50m);
        var (audit, events) = await _client.GetJsonAsync($"/me/keys/{org.KeyId}/events", org.Key);
        ((int)audit.StatusCode).ShouldBe(200);
        events["data"]!.AsArray().Count.ShouldBeGreaterThan(0);
        var verified = await new ChainVerifier(Db.DataSource).VerifyAsync();
        verified.Ok.ShouldBeTrue(verified.FirstProblem?.ToString());

        // erasing again changes nothing and says so the same way
        var (again, _) = await _client.SendJsonAsync(HttpMethod.Delete, $"/admin/orgs/{org.OrgId}/personal-data", key: LedgerNode.OperatorToken);
        ((int)again.StatusCode).ShouldBe(200);
    }

    [Fact]
    public async Task only_the_operator_may_erase_and_an_unknown_org_is_404()
    {
        var (org, email) = await SignUpAsync();

        var (anonymous, a) = await _client.SendJsonAsync(HttpMethod.Delete, $"/admin/orgs/{org.OrgId}/personal-data");
        var (withOrgKey, k) = await _client.SendJsonAsync(HttpMethod.Delete, $"/admin/orgs/{org.OrgId}/personal-data", key: org.Key);
        var (unknown, u) = await _client.SendJsonAsync(HttpMethod.Delete, $"/admin/orgs/{Guid.NewGuid()}/personal-data", key: LedgerNode.OperatorToken);

        ((int)anonymous.StatusCode).ShouldBe(401);
        a.Code().ShouldBe("invalid_operator_token");
        ((int)withOrgKey.StatusCode).ShouldBe(401);
        k.Code().ShouldBe("invalid_operator_token");
        ((int)unknown.StatusCode).ShouldBe(404);
        u.Code().ShouldBe("org_not_found");
        (await TablesHoldingAsync(email)).ShouldBe(["org_personal_data"]);
    }

    /// <summary>OrgSignedUp as it was written before the email left it.</summary>
    private sealed record LegacyOrgSignedUp(Guid OrgId, string Name, string Email, string Currency, string TimeZone, string[] AllowedRegions, PlanTerms Plan);

    [Fact]
    public async Task an_org_from_before_has_its_email_copied_by_the_migration_and_erasure_says_its_event_still_holds_it()
    {
        var fresh = new TestDatabase();
        await fresh.InitializeAsync();
        try
        {
            // the schema as it stood before org_personal_data (the hand-written event store's tables
            // included), and a signup written the old way, with the email in the event
            await new MigrationRunner(fresh.DataSource).ApplyAsync([.. EventStoreSchema.Migrations, .. LedgerSchema.All.Where(m => m.Version < 120)]);
            var orgId = Guid.NewGuid();
            var email = $"legacy-{Guid.NewGuid():N}@acme.example";
            var plan = new PlanTerms("free", null, null, null, 0m);
            var at = DateTimeOffset.UtcNow;
            var data = System.Text.Json.JsonSerializer.Serialize(new LegacyOrgSignedUp(orgId, "Old Co", email, "EUR", "Europe/Paris", ["eu"], plan),
                EventTypeRegistry.JsonOptions);
            await using (var append = fresh.DataSource.CreateCommand(
                "select seq from ledger_append($1, 'org', $2, 0, array[$3]::uuid[], array['V1.OrgSignedUp'], array[$4::json], array['{\"actor\":\"system\"}'::json], $5)"))
            {
                append.Parameters.Add(new() { Value = Streams.Org(orgId) });
                append.Parameters.Add(new() { Value = orgId });
                append.Parameters.Add(new() { Value = Guid.NewGuid() });
                append.Parameters.Add(new() { Value = data });
                append.Parameters.Add(new() { Value = at });
                await append.ExecuteScalarAsync();
            }
            // the admission row the inline projection wrote then
            await using (var c = await fresh.DataSource.OpenConnectionAsync())
            await using (var tx = await c.BeginTransactionAsync())
            {
                var signedUp = new OrgSignedUp(orgId, "Old Co", "EUR", "Europe/Paris", ["eu"], plan);
                await new AdmissionProjection(new AdmissionPolicy()).ApplyAsync(c, tx,
                    [new RecordedEvent(1, Guid.NewGuid(), Streams.Org(orgId), 1, "V1.OrgSignedUp", signedUp, EventMetadata.System(), orgId, at, 0)], default);
                await tx.CommitAsync();
            }

            await using var node = await LedgerNode.StartAsync(fresh.ConnectionString);
            var client = node.Server.CreateClient();
            (await client.GetAsync("/healthz")).EnsureSuccessStatusCode();
            (await fresh.DataSource.ScalarAsync<string>($"select email from org_personal_data where org_id = '{orgId}'")).ShouldBe(email);

            var (r, erased) = await client.SendJsonAsync(HttpMethod.Delete, $"/admin/orgs/{orgId}/personal-data", key: LedgerNode.OperatorToken);

            ((int)r.StatusCode).ShouldBe(200, erased.ToJsonString());
            ((bool)erased["email_in_history"]!).ShouldBeTrue();
            (await fresh.DataSource.ScalarAsync<long>($"select count(*) from org_personal_data where org_id = '{orgId}' and email is null")).ShouldBe(1);
            (await new ChainVerifier(fresh.DataSource).VerifyAsync()).Ok.ShouldBeTrue();
        }
        finally
        {
            await fresh.DisposeAsync();
        }
    }
}
