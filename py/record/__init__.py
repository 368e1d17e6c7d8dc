"""The customer-record sample page (``record.html``): shown by Workspace for one interaction, it reads the
interaction's id from its own URL query (``?InteractionId=...``), asks ``interaction.getByInteractionId`` and shows
the party, the contact and the attached data. ``card`` decides what to show; ``main`` is the browser edge."""
