"""Exports of a loaded definition into other tools' formats: the render end of load → check →
compile → simulate → render.

``policy_kit.export.bpmn.to_bpmn_xml`` writes BPMN 2.0 XML with diagram interchange, for
workflow engines and modelers (Camunda, Flowable, bpmn.io, SpiffWorkflow).
"""
