using System.Data.Common;

namespace Naswot.Store;

/// <summary>
/// What differs between the databases a <see cref="ScoreStore"/> keeps its rows in: connecting, recognising and
/// creating the schema, transactions, and naming a failure. The key, the statements that read and write rows and
/// the checks of every value read are the store's own, the same for every backend.
/// </summary>
internal abstract class StoreBackend : IDisposable
{
    /// <summary>Where the rows are, as messages name it: a file's full path, or <c>postgresql://user@host:port/database</c>.</summary>
    public abstract string Location { get; }

    /// <summary>The table of scores, schema-qualified where the database is shared with others.</summary>
    public abstract string Table { get; }

    /// <summary>Opened to read only: nothing is ever created, migrated or written.</summary>
    public abstract bool IsReadOnly { get; }

    /// <summary>The database has no table of ours yet (read-only opens only): it holds no rows.</summary>
    public abstract bool IsEmpty { get; }

    /// <summary>Why this store cannot take writes though it opened (a file nobody may write); null if it can.</summary>
    public abstract StoreException? CannotWrite { get; }

    /// <summary>The transaction open on the connection, if any.</summary>
    public DbTransaction? Transaction { get; private set; }

    /// <summary>The one open connection to the database.</summary>
    protected abstract DbConnection Connection { get; }

    /// <summary>A command on this store's connection, in the open transaction.</summary>
    public DbCommand Command(string sql)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = Transaction;
        return command;
    }

    /// <summary>Opens a transaction if none is open.</summary>
    public void Begin() => Transaction ??= Connection.BeginTransaction();

    /// <summary>Commits the open transaction, if any.</summary>
    public void Commit()
    {
        Transaction?.Commit();
        Transaction?.Dispose();
        Transaction = null;
    }

    /// <summary>Rolls back the open transaction, if any; the database may have rolled it back itself, which is no error here.</summary>
    public void Abandon()
    {
        var transaction = Transaction;
        Transaction = null;
        if (transaction is null) return;
        try
        {
            transaction.Dispose();
        }
        catch (Exception e) when (IsFailure(e) || e is InvalidOperationException)
        {
            // A broken connection, or a database that ended the transaction on an error, took it with it.
        }
    }

    /// <summary>A failure of this database's driver or of the file system, which <see cref="Failure"/> names.</summary>
    public abstract bool IsFailure(Exception e);

    /// <summary>The store failure <paramref name="e"/> (one that <see cref="IsFailure"/> accepts) stands for.</summary>
    public abstract StoreException Failure(Exception e);

    /// <summary>The database's own consistency check: "ok" when sound, else what it found.</summary>
    public abstract string CheckIntegrity();

    /// <summary>Gives free space back, or writes a compact copy to <paramref name="into"/>.</summary>
    public abstract void Vacuum(string? into);

    /// <summary>Bytes the rows take, and bytes of a log not yet folded into them.</summary>
    public abstract (long Bytes, long LogBytes) Size();

    /// <summary>Closes the connection; an open transaction is rolled back.</summary>
    public abstract void Dispose();

    /// <summary>A parameter of <paramref name="command"/>: both drivers take <c>@name</c> and infer the type from the value.</summary>
    public static void Bind(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
