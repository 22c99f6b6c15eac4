using Ledger.Api.Tests.Support;
using Npgsql;

namespace Ledger.Api.Tests.Keys;

public sealed class KeySecrecyTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task no_table_and_no_event_holds_a_minted_keys_plain_text()
    {
        var org = await gateway.Client.SignUpAsync();
        var (_, minted) = await gateway.Client.PostAsync("/me/keys", new { name = "secret" }, org.Key);
        var plains = new[] { org.Key, (string)minted["key"]! };
        await gateway.Client.PostAsync("/v1/chat/completions", new { model = "gpt-5.1", messages = new[] { new { role = "user", content = "hi" } } }, plains[1]);

        var tables = new List<string>();
        await using (var cmd = gateway.Database.DataSource.CreateCommand("select table_name from information_schema.tables where table_schema = 'public'"))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) tables.Add(r.GetString(0));
        tables.ShouldContain("mt_events");

        foreach (var table in tables)
        {
            await using var scan = gateway.Database.DataSource.CreateCommand($"select count(*) from \"{table}\" t where t::text like $1 or t::text like $2");
            scan.Parameters.Add(new NpgsqlParameter { Value = $"%{plains[0][9..]}%" });
            scan.Parameters.Add(new NpgsqlParameter { Value = $"%{plains[1][3..]}%" });
            ((long)(await scan.ExecuteScalarAsync())!).ShouldBe(0, $"table {table} holds a plain key");
        }
    }
}
