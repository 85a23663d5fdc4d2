package io.parley.zk.rep4;

/** What every exchange round holds: its number and the message it builds for each other party. */
abstract class BaseRound implements ExchangeRound {
  protected final int round;
  protected final MessageBuilder[] out = new MessageBuilder[4];

  BaseRound(int round) {
    this.round = round;
  }

  @Override
  public final int round() {
    return round;
  }

  @Override
  public final MessageBuilder messageTo(int to) {
    return out[to];
  }
}
