"""One contact centre shared by the simulator tabs of a browser (sans-I/O): the messages between tabs
(``messages``) and each tab's copy of the ordered log of what changed the centre (``replica``)."""
