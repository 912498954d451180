"""Many names at once: record formats of ``aliasdb resolve`` (``records``), worker processes
(``pool``), and Dask columns (``dask``)."""
