using Ledger.Domain.Requests;

namespace Ledger.Projections.Activity;

/// <summary>A request as the feed shows it; Status is null while it is in flight.</summary>
internal sealed record ActivityRow(
    Guid RequestId, long Seq, Guid OrgId, Guid? KeyId, DateTimeOffset At, string? Model,
    string? Provider = null, int? Status = null, string? Code = null, int? TokensIn = null, int? TokensOut = null,
    decimal? Cost = null, string? Currency = null, double? LatencyMs = null)
{
    /// <summary>The expired reservation's pseudo error code: no completion ever arrived.</summary>
    public const string ExpiredCode = "reservation_expired";

    public static ActivityRow Admitted(long seq, DateTimeOffset at, RequestAdmitted a) =>
        new(a.RequestId, seq, a.OrgId, a.KeyId, at, a.Model, Currency: a.Currency);

    public static ActivityRow Rejected(long seq, DateTimeOffset at, Guid orgId, RequestRejected r) =>
        new(r.RequestId, seq, orgId, r.KeyId, at, r.Model, Status: r.Status, Code: r.Code);

    /// <summary>Settles this row; a completion with no row before it stands alone (admission time from the event).</summary>
    public static ActivityRow Settle(ActivityRow? prior, long seq, object settlement) => settlement switch
    {
        RequestCompleted c => (prior ?? new(c.RequestId, seq, c.OrgId, c.KeyId, c.AdmittedAt.ToUniversalTime(), c.Model)) with
        {
            Provider = c.Provider, Status = c.Status, Code = c.ErrorCode, TokensIn = c.TokensIn, TokensOut = c.TokensOut,
            Cost = c.Charged, Currency = c.Currency, LatencyMs = c.LatencyMs,
        },
        ReservationExpired x => (prior ?? new(x.RequestId, seq, x.OrgId, x.KeyId, x.AdmittedAt.ToUniversalTime(), x.Model)) with
        {
            Code = ExpiredCode, Cost = x.Charged, Currency = x.Currency,
        },
        _ => throw new ArgumentException($"{settlement.GetType().Name} does not settle a request.", nameof(settlement)),
    };
}
