"""Small layout fixes: wide tables scroll inside their own box on narrow screens."""

import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor


class WrapTables(Treeprocessor):
    def run(self, root):
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "table":
                    wrapper = etree.Element("div", {"class": "table-wrap"})
                    parent.remove(child)
                    wrapper.append(child)
                    parent.insert(index, wrapper)


class LayoutExtension(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(WrapTables(md), "wrap-tables", 4)
