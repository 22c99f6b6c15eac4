using JasperFx.Events;
using Ledger.Domain.Requests;
using Marten.Events.Projections;

namespace Ledger.Marten.Tests;

/// <summary>One request as a document, from its events and their metadata: what a read model would keep.</summary>
public sealed class RequestSummary
{
    public string Id { get; set; } = "";
    public Guid OrgId { get; set; }
    public string? Model { get; set; }
    public string Currency { get; set; } = "";
    public decimal Reserved { get; set; }
    public string? RejectedCode { get; set; }
    public int? Status { get; set; }
    public decimal Charged { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public long FirstSequence { get; set; }
    public long LastSequence { get; set; }
    public long LastVersion { get; set; }
    public string? CorrelationId { get; set; }
    public string? CausationId { get; set; }

    public static RequestSummary Create(IEvent<RequestAdmitted> e) => new()
    {
        Id = e.StreamKey!, OrgId = e.Data.OrgId, Model = e.Data.Model, Currency = e.Data.Currency, Reserved = e.Data.Reserved,
        StartedAt = e.Timestamp, FirstSequence = e.Sequence, LastSequence = e.Sequence, LastVersion = e.Version,
        CorrelationId = e.CorrelationId, CausationId = e.CausationId,
    };

    public static RequestSummary Create(IEvent<RequestRejected> e) => new()
    {
        Id = e.StreamKey!, OrgId = e.Data.OrgId ?? Guid.Empty, Model = e.Data.Model, RejectedCode = e.Data.Code, Status = e.Data.Status,
        StartedAt = e.Timestamp, FirstSequence = e.Sequence, LastSequence = e.Sequence, LastVersion = e.Version,
        CorrelationId = e.CorrelationId, CausationId = e.CausationId,
    };

    public void Apply(IEvent<RequestCompleted> e)
    {
        Status = e.Data.Status;
        Charged = e.Data.Charged;
        Attempts = e.Data.Attempts.Length;
        LastSequence = e.Sequence;
        LastVersion = e.Version;
        CausationId = e.CausationId;
    }
}

/// <summary>Per org, across request streams: the shape of the usage read models.</summary>
public sealed class OrgUsage
{
    public Guid Id { get; set; }
    public int Admitted { get; set; }
    public int Rejected { get; set; }
    public int Completed { get; set; }
    public decimal Charged { get; set; }
    public long LastSequence { get; set; }
}

public partial class OrgUsageProjection : MultiStreamProjection<OrgUsage, Guid>
{
    public OrgUsageProjection()
    {
        Identity<RequestAdmitted>(e => e.OrgId);
        Identity<RequestRejected>(e => e.OrgId ?? Guid.Empty);
        Identity<RequestCompleted>(e => e.OrgId);
    }

    public void Apply(OrgUsage usage, IEvent<RequestAdmitted> e) { usage.Admitted++; usage.LastSequence = e.Sequence; }
    public void Apply(OrgUsage usage, IEvent<RequestRejected> e) { usage.Rejected++; usage.LastSequence = e.Sequence; }
    public void Apply(OrgUsage usage, IEvent<RequestCompleted> e)
    {
        usage.Completed++;
        usage.Charged += e.Data.Charged;
        usage.LastSequence = e.Sequence;
    }
}
