package io.parley.node.storage;

/** The database failed or holds data this node cannot use; the message says which. */
public final class StorageException extends RuntimeException {
  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
