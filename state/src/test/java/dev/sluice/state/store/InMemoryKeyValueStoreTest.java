package dev.sluice.state.store;

class InMemoryKeyValueStoreTest extends KeyValueStoreContractTest {

  @Override
  protected KeyValueStore createStore() {
    return new InMemoryKeyValueStore();
  }
}
