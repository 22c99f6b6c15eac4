namespace Ledger.Projections.Admission;

/// <summary>
/// A batch whose connection broke once it had been sent, COMMIT and all: the database may have
/// committed it. <see cref="AnswerCommitted"/> hands every caller the outcome decided for it.
/// </summary>
internal sealed class CommitUnknownException(int backendPid, Guid? firstEventId, Action answerCommitted, Exception inner)
    : Exception("The connection broke after the batch was sent; whether it committed is not known yet.", inner)
{
    public int BackendPid { get; } = backendPid;
    public Guid? FirstEventId { get; } = firstEventId;
    public void AnswerCommitted() => answerCommitted();
}
