using Ledger.Domain.Keys;
using static Ledger.Domain.Tests.Given;

namespace Ledger.Domain.Tests.Keys;

public sealed class MintingKeysTests
{
    [Fact]
    public void minting_a_key_records_it() =>
        Spec.Key.Given().When(new KeyCommand.Mint(Key(Limits(rpm: 30)))).Then(Key(Limits(rpm: 30)));

    [Fact]
    public void minting_a_key_that_exists_is_refused() =>
        Spec.Key.Given(Key()).When(new KeyCommand.Mint(Key())).ThenRefused("key_exists");

    [Fact]
    public void any_other_command_on_a_key_that_does_not_exist_is_refused() =>
        Spec.Key.Given().When(new KeyCommand.Disable()).ThenRefused("key_not_found");

    [Fact]
    public void a_tool_call_is_recorded_for_the_audit_history() =>
        Spec.Key.Given(Key())
            .When(new KeyCommand.RecordToolCall("mint_ephemeral_key", "sub-agent, 2 h"))
            .Then(new KeyToolCalled(KeyId, OrgId, "mint_ephemeral_key", "sub-agent, 2 h"));
}
