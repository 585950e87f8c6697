using System.Diagnostics;

namespace Naswot.Store;

/// <summary>
/// Adds scores to a <see cref="ScoreStore"/> in transactions of a few rows or seconds: fast enough for a search
/// that scores thousands of cells, and a kill loses only the rows since the last commit.
/// </summary>
/// <remarks>
/// A write that fails (disk full, read-only file, a lock held past the timeout) rolls back the open transaction
/// and throws a <see cref="StoreException"/> naming the cause; so does every later <see cref="Add"/>, at no cost,
/// and the store's <see cref="ScoreStore.WriteFailure"/> and <see cref="ScoreStore.UnstoredRows"/> keep the account.
/// Dispose never throws: a failure of its last commit is recorded the same way.
/// </remarks>
public sealed class ScoreWriter : IDisposable
{
    private readonly ScoreStore _store;
    private readonly int _rowsPerCommit;
    private readonly TimeSpan _maxDelay;
    private readonly Stopwatch _sinceFirstRow = new();
    private int _pending;
    private bool _disposed;

    internal ScoreWriter(ScoreStore store, int rowsPerCommit, TimeSpan maxDelay)
    {
        _store = store;
        _rowsPerCommit = rowsPerCommit;
        _maxDelay = maxDelay;
    }

    /// <summary>Rows added but not yet committed.</summary>
    public int Pending => _pending;

    /// <summary>Adds or replaces the score of <paramref name="key"/>; commits when the batch is full or old enough.</summary>
    /// <exception cref="StoreException">This write or an earlier one failed; the row is not stored.</exception>
    public void Add(ScoreKey key, StoredScore score)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(score);
        if (_store.WriteFailure is { } failure)
        {
            _store.CountUnstored();
            throw failure;
        }
        try
        {
            // Counted first: a failure from here on loses this row with the others of the transaction.
            if (++_pending == 1)
            {
                _store.Begin();
                _sinceFirstRow.Restart();
            }
            _store.Upsert(key, score);
            if (_pending >= _rowsPerCommit || _sinceFirstRow.Elapsed >= _maxDelay) CommitPending();
        }
        catch (Exception e) when (_store.IsFailure(e))
        {
            throw Failed(e);
        }
    }

    /// <summary>Commits the rows added so far.</summary>
    /// <exception cref="StoreException">The commit failed; the rows since the last commit are not stored.</exception>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_store.WriteFailure is { } failure) throw failure;
        try
        {
            CommitPending();
        }
        catch (Exception e) when (_store.IsFailure(e))
        {
            throw Failed(e);
        }
    }

    /// <summary>Commits what is pending and releases the store for the next writer; a failed commit is recorded in the store, not thrown.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            if (_store.WriteFailure is null) CommitPending();
        }
        catch (Exception e) when (_store.IsFailure(e))
        {
            Failed(e);
        }
        finally
        {
            _store.EndWriting();
        }
    }

    private void CommitPending()
    {
        _store.Commit();
        _pending = 0;
    }

    private StoreException Failed(Exception e)
    {
        var failure = _store.FailWrites(e, _pending);
        _pending = 0;
        return failure;
    }
}
