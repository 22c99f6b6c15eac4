namespace Ledger.Domain;

public enum RuleKind { Invalid, Conflict, Forbidden, NotFound, Gone }

/// <summary>A business rule said no. The code is stable and reaches the client as the error code.</summary>
public sealed class DomainException(RuleKind kind, string code, string message) : Exception(message)
{
    public RuleKind Kind { get; } = kind;
    public string Code { get; } = code;
}
