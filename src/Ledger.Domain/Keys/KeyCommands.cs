namespace Ledger.Domain.Keys;

public abstract record KeyCommand
{
    private KeyCommand() { }

    public sealed record Mint(KeyMinted Key) : KeyCommand;
    public sealed record Update(string Name, KeyLimits Limits) : KeyCommand;
    public sealed record Disable : KeyCommand;
    public sealed record Enable : KeyCommand;
    public sealed record Revoke : KeyCommand;
    public sealed record RecordToolCall(string Tool, string Summary) : KeyCommand;
}
