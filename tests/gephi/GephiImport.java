// Imports a GraphML or GEXF file with Gephi's own importers (the Gephi Toolkit, headless) and prints what Gephi
// sees: every issue its importer logs, then the nodes, edges and columns of the workspace, one tab-separated
// record per line. Used by tests/test_export_gephi.py (tests/plugins/gephi.py compiles and runs it).
import java.io.File;
import java.util.Iterator;
import java.util.Locale;
import org.gephi.graph.api.Column;
import org.gephi.graph.api.Edge;
import org.gephi.graph.api.Graph;
import org.gephi.graph.api.GraphController;
import org.gephi.graph.api.GraphModel;
import org.gephi.graph.api.Node;
import org.gephi.io.importer.api.Container;
import org.gephi.io.importer.api.ImportController;
import org.gephi.io.importer.api.Issue;
import org.gephi.io.processor.plugin.DefaultProcessor;
import org.gephi.project.api.ProjectController;
import org.gephi.project.api.Workspace;
import org.openide.util.Lookup;

public class GephiImport {
    private static String clean(Object value) {
        return value == null ? "" : value.toString().replace('\t', ' ').replace('\n', ' ');
    }

    public static void main(String[] args) throws Exception {
        ProjectController projects = Lookup.getDefault().lookup(ProjectController.class);
        projects.newProject();
        Workspace workspace = projects.getCurrentWorkspace();
        ImportController importer = Lookup.getDefault().lookup(ImportController.class);
        Container container = importer.importFile(new File(args[0]));
        if (container == null) {
            System.out.println("ISSUE\tSEVERE\tno importer accepted the file");
            System.exit(3);
        }
        Iterator<Issue> issues = container.getReport().getIssues(100000);
        while (issues.hasNext()) {
            Issue issue = issues.next();
            System.out.println("ISSUE\t" + issue.getLevel() + "\t" + clean(issue.getMessage()));
        }
        importer.process(container, new DefaultProcessor(), workspace);
        GraphModel model = Lookup.getDefault().lookup(GraphController.class).getGraphModel(workspace);
        Graph graph = model.getGraph();
        System.out.println("COUNTS\t" + graph.getNodeCount() + "\t" + graph.getEdgeCount() + "\t"
                + (model.isDirected() ? "directed" : model.isUndirected() ? "undirected" : "mixed"));
        for (Column column : model.getNodeTable()) {
            System.out.println("NODECOLUMN\t" + column.getTitle() + "\t" + column.getTypeClass().getSimpleName());
        }
        for (Column column : model.getEdgeTable()) {
            System.out.println("EDGECOLUMN\t" + column.getTitle() + "\t" + column.getTypeClass().getSimpleName());
        }
        for (Node node : graph.getNodes()) {
            StringBuilder line = new StringBuilder("NODE\t" + clean(node.getId()) + "\t" + clean(node.getLabel()) + "\t"
                    + String.format(Locale.ROOT, "#%02x%02x%02x", Math.round(node.r() * 255), Math.round(node.g() * 255),
                                    Math.round(node.b() * 255))
                    + "\t" + String.format(Locale.ROOT, "%.4f", node.size()));
            for (Column column : model.getNodeTable()) {
                if (!column.isProperty()) {
                    line.append("\t").append(column.getTitle()).append("=").append(clean(node.getAttribute(column)));
                }
            }
            System.out.println(line);
        }
        for (Edge edge : graph.getEdges()) {
            StringBuilder line = new StringBuilder("EDGE\t" + clean(edge.getId()) + "\t" + clean(edge.getSource().getId())
                    + "\t" + clean(edge.getTarget().getId()) + "\t" + clean(edge.getLabel()) + "\t"
                    + String.format(Locale.ROOT, "%.4f", edge.getWeight()) + "\t" + edge.isDirected());
            for (Column column : model.getEdgeTable()) {
                if (!column.isProperty()) {
                    Object value = edge.getAttribute(column);
                    line.append("\t").append(column.getTitle()).append("=").append(clean(value));
                }
            }
            System.out.println(line);
        }
    }
}
